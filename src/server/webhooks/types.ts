import type { SettlementStatus } from '../../core/settlement.js';

/** `pending`: to be sent (now or at `next_attempt_at`); `delivered`: answered 2xx; `failed`: given up (resend by hand). */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One POST to the merchant's endpoint and how it ended. */
export interface DeliveryAttempt {
  /** Milliseconds since the epoch (the service's clock). */
  at: number;
  /** The HTTP status, or null when no answer came (timeout, connection refused, reset). */
  status: number | null;
  /** Why it failed, in words: `HTTP 503`, `no answer within 15000 ms`, `connect ECONNREFUSED …`; null when delivered. */
  error: string | null;
  duration_ms: number;
}

/**
 * One webhook and its delivery record: the exact bytes to send (signed afresh at each attempt, as the timestamp is
 * the attempt's), where it stands, and its recent attempts. Stored as JSON in the queue.
 */
export interface WebhookDelivery {
  /** The `webhook-id`: the same for every attempt and every resend, so receivers can drop repeats. */
  id: string;
  type: string;
  /** The JSON body, exactly as signed and sent. */
  body: string;
  checkout_id: string;
  order_id: string | null;
  settlement_status: SettlementStatus;
  /** When the change happened (ms). */
  created_at: number;
  state: DeliveryState;
  /** Attempts over the delivery's life (resends included). */
  attempts: number;
  /** When the current series of attempts began (ms): creation, or the last resend. Retries stop 72 h after it. */
  series_started_at: number;
  /** Attempts in the current series: a client error (4xx) gives up after a few of them. */
  series_attempts: number;
  /** When the next attempt is due (ms); null unless pending. */
  next_attempt_at: number | null;
  delivered_at: number | null;
  /** The most recent attempts, oldest first (bounded). */
  history: DeliveryAttempt[];
}

export interface DeliveryFilter {
  state?: DeliveryState;
  order_id?: string;
  /** At most this many, newest first. */
  limit: number;
}

/**
 * Where webhooks wait to be delivered: this process's memory, or Redis (`REDIS_URL`) so that queued deliveries survive a
 * restart and every instance of a fleet works the same queue. A delivery is leased while an instance sends it, so that
 * two instances never send it at once; a lease that runs out (the instance died mid-attempt) makes it due again.
 */
export interface WebhookQueue {
  /** Adds a delivery unless one with its id is known (false then). Durable once it resolves. */
  add(delivery: WebhookDelivery): Promise<boolean>;
  /** Leases up to `limit` deliveries due at `now`, for `leaseMs`, and returns them. */
  take(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]>;
  /** Stores a delivery's new state: due at `next_attempt_at` when pending, out of the schedule otherwise. */
  save(delivery: WebhookDelivery): Promise<void>;
  get(id: string): Promise<WebhookDelivery | undefined>;
  /** The delivery log, newest first. */
  list(filter: DeliveryFilter): Promise<WebhookDelivery[]>;
  /** Deliveries not yet delivered nor given up. */
  depth(): Promise<number>;
  /** When the earliest pending delivery is due (a leased one: when its lease ends), or null when none is. */
  nextDue(): Promise<number | null>;
  close(): Promise<void>;
}

/** Finished deliveries stay in the log this long (a week: well past CoinsPaid's retries and a weekend). */
export const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Attempts kept per delivery in its history. */
export const MAX_HISTORY = 20;
