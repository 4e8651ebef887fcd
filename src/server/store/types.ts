import type { Clock } from '../../core/clock.js';
import type { PaymentEvent } from '../../core/wire.js';

/**
 * The smallest id an event published now may take: the clock in microseconds. Ids are one more than the channel's
 * last and never below this, so they keep increasing when a store lost its data (a Redis restart without
 * persistence, a new process): a widget that saw id N never skips a newer event as "already seen". 16 digits until
 * the year 2255, exact in a double.
 */
export function eventIdFloor(clock: Clock): number {
  return clock.now() * 1000;
}

/** A new event before the store gives it its id. */
export type NewPaymentEvent = Omit<PaymentEvent, 'id'>;

export type ClaimState = 'claimed' | 'processing' | 'handled' | 'done';

/**
 * The proxy's shared state. One process uses the memory store; several processes behind a load balancer share a
 * Redis-backed one (same interface), so that a callback received by one instance reaches widgets connected to
 * another, a callback is handled once fleet-wide, and the fleet stays under CoinsPaid's rate limit together.
 * Every key has a TTL or a bound: nothing grows without limit.
 */
export interface ProxyStore {
  /** Cached JSON value, or undefined when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;

  /** Cross-instance single-flight: true when this caller holds the lock until release or TTL. */
  acquireLock(key: string, ttlMs: number): Promise<boolean>;
  releaseLock(key: string): Promise<void>;

  /**
   * Spends one unit of a budget of `limit` per sliding `windowMs` (e.g. 25 exchange/calculate calls a minute for the
   * whole fleet). False, spending nothing, when the budget is used up.
   */
  takeBudget(key: string, limit: number, windowMs: number): Promise<boolean>;

  /**
   * Claims a callback for handling. `claimed`: the caller handles it and must `complete` or `release`;
   * `processing`: another handler is on it now; `handled`: the merchant's handler succeeded but the status was not
   * yet published; `done`: handled and published.
   */
  claim(key: string, ttlMs: number): Promise<ClaimState>;
  /** Records that the callback reached `state` (`handled`, then `done`). */
  complete(key: string, ttlMs: number, state?: 'handled' | 'done'): Promise<void>;
  release(key: string): Promise<void>;

  /** Appends an event to a payment's channel (bounded replay buffer), gives it the next id and publishes it. */
  publish(channel: string, event: NewPaymentEvent): Promise<PaymentEvent>;
  /** Events of a channel with an id after `afterId` (all when null), oldest first. */
  since(channel: string, afterId: string | null): Promise<PaymentEvent[]>;
  /**
   * Calls `listener` for each event published to the channel from now on; returns the unsubscribe function.
   * `onGap` is called when events may have been missed (a shared store's connection came back): read `since` then.
   */
  subscribe(channel: string, listener: (event: PaymentEvent) => void, onGap?: () => void): () => void;

  close(): Promise<void>;
}
