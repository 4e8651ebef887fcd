import Big from 'big.js';
import type { Clock } from '../../core/clock.js';
import type { RateQuote } from '../../core/wire.js';
import type { CoinsPaidClient } from '../coinspaid/client.js';
import { CoinsPaidRateLimitError } from '../coinspaid/errors.js';
import type { ProxyStore } from '../store/types.js';
import { StoreUnavailableError } from '../store/errors.js';
import { ProxyError } from './errors.js';
import type { ProxyObserver } from './observer.js';

/**
 * Rates for every widget from as few CoinsPaid calls as possible.
 *
 * CoinsPaid fixes an exchange/calculate price for a period (ts_fixed → ts_release, 60 s) and allows 30 calls a minute
 * per IP. So: one upstream call per pair (and amount bucket) per fix period, however many widgets ask; concurrent
 * misses wait for the one call in flight (in this process, and through the store's lock across processes); a
 * fleet-wide budget below CoinsPaid's limit; after a 429 no call until its Retry-After has passed; and when CoinsPaid
 * cannot be asked, the last good rate marked `stale` rather than an error.
 */

export interface RateCacheOptions {
  client: CoinsPaidClient;
  store: ProxyStore;
  clock: Clock;
  /** Upstream exchange/calculate calls allowed per minute for the whole fleet; CoinsPaid's limit is 30. */
  callsPerMinute?: number;
  observer?: ProxyObserver;
}

interface CachedRate {
  quote: Omit<RateQuote, 'stale'>;
}

const LAST_GOOD_TTL_MS = 24 * 60 * 60 * 1000;
const LOCK_TTL_MS = 15_000;
const FAILURE_BACKOFF_MS = 5_000;

/** Amount buckets (1, 10, 100 … of the sender currency): volume-dependent prices without a call per amount. */
export function amountBucket(amount: string | undefined): string {
  if (!amount) return '1';
  const value = new Big(amount);
  let bucket = new Big(1);
  while (bucket.lt(value)) bucket = bucket.times(10);
  while (bucket.div(10).gte(value) && bucket.gt('0.0001')) bucket = bucket.div(10);
  return bucket.toFixed();
}

export class RateCache {
  readonly #o: Required<Omit<RateCacheOptions, 'observer'>> & Pick<RateCacheOptions, 'observer'>;
  readonly #inFlight = new Map<string, Promise<RateQuote>>();
  /** This process's copy of the last good rate per key, for when the shared store itself is unreachable. */
  readonly #lastGood = new Map<string, Omit<RateQuote, 'stale'>>();

  constructor(options: RateCacheOptions) {
    this.#o = { callsPerMinute: 25, ...options };
  }

  #nowSeconds(): number {
    return Math.floor(this.#o.clock.now() / 1000);
  }

  /** The current rate of `from` in `to`, fresh when possible, stale when CoinsPaid cannot be asked. */
  async quote(from: string, to: string, amount?: string): Promise<RateQuote> {
    const key = `rate:${from}:${to}:${amountBucket(amount)}`;
    try {
      const quote = await this.#quote(key, from, to, amount);
      if (!quote.stale) this.#lastGood.set(key, quote);
      return quote;
    } catch (error) {
      const local = this.#lastGood.get(key);
      if (error instanceof StoreUnavailableError && local) return { ...local, stale: local.ts_release <= this.#nowSeconds() };
      throw error;
    }
  }

  async #quote(key: string, from: string, to: string, amount?: string): Promise<RateQuote> {
    const fresh = await this.#fresh(key);
    this.#o.observer?.rateLookup?.(fresh ? 'hit' : 'miss');
    if (fresh) return fresh;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#refresh(key, from, to, amountBucket(amount)).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fresh(key: string): Promise<RateQuote | undefined> {
    const cached = await this.#o.store.get<CachedRate>(key);
    return cached && cached.quote.ts_release > this.#nowSeconds() ? { ...cached.quote, stale: false } : undefined;
  }

  async #refresh(key: string, from: string, to: string, bucket: string): Promise<RateQuote> {
    const { store } = this.#o;
    if (!(await store.acquireLock(key, LOCK_TTL_MS))) return this.#awaitOtherInstance(key);
    try {
      // Another instance may have refreshed between our cache check and the lock.
      const fresh = await this.#fresh(key);
      if (fresh) return fresh;
      const blockedUntil = (await store.get<number>('rates:blocked-until')) ?? 0;
      if (blockedUntil > this.#o.clock.now()) return this.#stale(key);
      if (!(await store.takeBudget('rates:upstream-budget', this.#o.callsPerMinute, 60_000))) return this.#stale(key);
      try {
        const calc = await this.#o.client.exchangeCalculate({ sender_currency: from, receiver_currency: to, sender_amount: bucket });
        const quote = { from, to, price: calc.price, ts_fixed: calc.ts_fixed, ts_release: calc.ts_release, fix_period: calc.fix_period };
        // Kept past its window as the last good rate, to serve (marked stale) while CoinsPaid cannot be asked.
        await store.set(key, { quote } satisfies CachedRate, LAST_GOOD_TTL_MS);
        return { ...quote, stale: false };
      } catch (error) {
        // After a 429 wait as long as CoinsPaid asks; after other failures back off briefly, so a burst of widgets
        // during an outage does not spend the whole budget on calls that fail.
        const pause = error instanceof CoinsPaidRateLimitError ? error.retryAfterMs : FAILURE_BACKOFF_MS;
        await store.set('rates:blocked-until', this.#o.clock.now() + pause, pause);
        return this.#stale(key);
      }
    } finally {
      await store.releaseLock(key);
    }
  }

  /** Another process holds the lock: wait briefly for its result instead of calling CoinsPaid too. */
  async #awaitOtherInstance(key: string): Promise<RateQuote> {
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const fresh = await this.#fresh(key);
      if (fresh) return fresh;
    }
    return this.#stale(key);
  }

  async #stale(key: string): Promise<RateQuote> {
    const cached = await this.#o.store.get<CachedRate>(key);
    if (cached) return { ...cached.quote, stale: true };
    throw new ProxyError(
      503,
      'rate_unavailable',
      { rate: 'No exchange rate is available right now. Try again in a minute.' },
      { 'Retry-After': '30' },
    );
  }
}
