import type { Clock, ClockTimer } from '../../core/clock.js';
import { signPayload } from '../coinspaid/sign.js';

/** CoinsPaid retries an unacknowledged callback after these many minutes (then gives up). */
export const CALLBACK_RETRY_MINUTES = [1, 5, 10, 15, 20, 30, 60, 90, 120, 150, 180, 210, 240] as const;

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error?: string;
}

export interface CallbackDelivery {
  id: number;
  url: string;
  body: string;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  /** Clock-ms of the next attempt, or null when delivered or given up. */
  next_retry_at: number | null;
}

/**
 * CoinsPaid's JSON is PHP's json_encode with its default flags: `/` escaped as `\/`, and every character beyond ASCII
 * as `\uXXXX` (lowercase hex; UTF-16 surrogate pairs above U+FFFF), so the body is pure ASCII. Receivers must verify
 * the raw bytes, not a re-encoding.
 */
export function encodeLikeCoinsPaid(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface CallbackSenderOptions {
  apiKey: string;
  apiSecret: string;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  url: string | undefined;
}

/** Signs and delivers callbacks, retrying any non-200 on CoinsPaid's schedule, and keeps a delivery log. */
export class CallbackSender {
  url: string | undefined;
  duplicate = false;
  readonly log: CallbackDelivery[] = [];
  readonly #options: CallbackSenderOptions;
  readonly #timers = new Set<ClockTimer>();
  #nextId = 1;
  #disposed = false;
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(options: CallbackSenderOptions) {
    this.#options = options;
    this.url = options.url;
  }

  /** Queues a callback; with `duplicate` on, sends it twice, as CoinsPaid sometimes does. */
  send(payload: unknown): void {
    if (!this.url) return;
    const body = encodeLikeCoinsPaid(payload);
    for (let copy = 0; copy < (this.duplicate ? 2 : 1); copy++) {
      const delivery: CallbackDelivery = { id: this.#nextId++, url: this.url, body, attempts: [], delivered: false, next_retry_at: null };
      this.log.push(delivery);
      if (this.log.length > 1000) this.log.shift();
      void this.#attempt(delivery);
    }
  }

  /**
   * Resolves once no delivery attempt is in flight: every callback sent so far has had its answer (or failed). With a
   * manual clock, a test knows by this that nothing more will arrive until the clock moves.
   */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #attempt(delivery: CallbackDelivery): Promise<void> {
    if (this.#disposed) return;
    this.#inFlight += 1;
    try {
      await this.#deliver(delivery);
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  async #deliver(delivery: CallbackDelivery): Promise<void> {
    const { apiKey, apiSecret, clock } = this.#options;
    const attempt: DeliveryAttempt = { at: clock.now(), status: null };
    delivery.attempts.push(attempt);
    try {
      const response = await this.#options.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Processing-Key': apiKey,
          'X-Processing-Signature': signPayload(apiSecret, delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      attempt.status = response.status;
      await response.body?.cancel();
      if (response.status === 200) {
        delivery.delivered = true;
        delivery.next_retry_at = null;
        return;
      }
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    this.#scheduleRetry(delivery);
  }

  #scheduleRetry(delivery: CallbackDelivery): void {
    const minutes = CALLBACK_RETRY_MINUTES[delivery.attempts.length - 1];
    if (minutes === undefined || this.#disposed) {
      delivery.next_retry_at = null;
      return;
    }
    const delay = minutes * 60_000;
    delivery.next_retry_at = this.#options.clock.now() + delay;
    const timer = this.#options.clock.setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(delivery);
    }, delay);
    this.#timers.add(timer);
  }

  /** Stops every pending retry (reset, shutdown). */
  cancelAll(): void {
    for (const timer of this.#timers) this.#options.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  dispose(): void {
    this.#disposed = true;
    this.cancelAll();
  }
}
