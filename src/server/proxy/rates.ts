import Big from 'big.js';
import type { Clock } from '../../core/clock.js';
import type { RateQuote } from '../../core/wire.js';
import type { CoinsPaidClient } from '../coinspaid/client.js';
import { CoinsPaidRateLimitError, CoinsPaidValidationError } from '../coinspaid/errors.js';
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
  /**
   * Of those, how many may go to rates no widget has been shown yet (a new pair or amount bucket); the rest is kept
   * for refreshing the rates customers are looking at. Default 15.
   */
  newRatesPerMinute?: number;
  /** New rates one client (address) may cause a minute; default 8 (a customer trying every currency of a shop). */
  newRatesPerClientPerMinute?: number;
  observer?: ProxyObserver;
}

interface CachedRate {
  quote: Omit<RateQuote, 'stale'>;
}

const LAST_GOOD_TTL_MS = 24 * 60 * 60 * 1000;
const LOCK_TTL_MS = 15_000;
/** After a pair's call failed (5xx, timeout, garbage): that pair only waits this long before the next try. */
const FAILURE_BACKOFF_MS = 5_000;
/** After CoinsPaid refused a pair outright (a 400 for it): that pair is not asked again for this long. */
const REFUSED_BACKOFF_MS = 5 * 60_000;

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
    this.#o = { callsPerMinute: 25, newRatesPerMinute: 15, newRatesPerClientPerMinute: 8, ...options };
  }

  #nowSeconds(): number {
    return Math.floor(this.#o.clock.now() / 1000);
  }

  /**
   * The current rate of `from` in `to`, fresh when possible, stale when CoinsPaid cannot be asked. `requester` (the
   * client's address) is charged when the rate is new, so that no one client can spend the fleet's upstream budget.
   */
  async quote(from: string, to: string, amount?: string, requester?: string): Promise<RateQuote> {
    const key = `rate:${from}:${to}:${amountBucket(amount)}`;
    try {
      const quote = await this.#quote(key, from, to, amount, requester);
      if (!quote.stale) this.#lastGood.set(key, quote);
      return quote;
    } catch (error) {
      const local = this.#lastGood.get(key);
      if (error instanceof StoreUnavailableError && local) return { ...local, stale: local.ts_release <= this.#nowSeconds() };
      throw error;
    }
  }

  async #quote(key: string, from: string, to: string, amount?: string, requester?: string): Promise<RateQuote> {
    const fresh = await this.#fresh(key);
    this.#o.observer?.rateLookup?.(fresh ? 'hit' : 'miss');
    if (fresh) return fresh;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#refresh(key, from, to, amountBucket(amount), requester).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fresh(key: string): Promise<RateQuote | undefined> {
    const cached = await this.#o.store.get<CachedRate>(key);
    return cached && cached.quote.ts_release > this.#nowSeconds() ? { ...cached.quote, stale: false } : undefined;
  }

  async #refresh(key: string, from: string, to: string, bucket: string, requester = 'unknown'): Promise<RateQuote> {
    const { store } = this.#o;
    if (!(await store.acquireLock(key, LOCK_TTL_MS))) return this.#awaitOtherInstance(key);
    try {
      // Another instance may have refreshed between our cache check and the lock.
      const fresh = await this.#fresh(key);
      if (fresh) return fresh;
      const now = this.#o.clock.now();
      // A 429 blocks every pair (CoinsPaid's limit is per caller); any other failure only the pair that failed.
      const blockedUntil = Math.max(
        (await store.get<number>('rates:blocked-until')) ?? 0,
        (await store.get<number>(`${key}:failed-until`)) ?? 0,
      );
      if (blockedUntil > now) return this.#stale(key);
      if (!(await this.#mayAsk(key, requester))) return this.#stale(key);
      try {
        const calc = await this.#o.client.exchangeCalculate({ sender_currency: from, receiver_currency: to, sender_amount: bucket });
        const quote = { from, to, price: calc.price, ts_fixed: calc.ts_fixed, ts_release: calc.ts_release, fix_period: calc.fix_period };
        // Kept past its window as the last good rate, to serve (marked stale) while CoinsPaid cannot be asked.
        await store.set(key, { quote } satisfies CachedRate, LAST_GOOD_TTL_MS);
        return { ...quote, stale: false };
      } catch (error) {
        // After a 429 wait as long as CoinsPaid asks; after other failures back off briefly, so a burst of widgets
        // during an outage does not spend the whole budget on calls that fail.
        if (error instanceof CoinsPaidRateLimitError) {
          await store.set('rates:blocked-until', now + error.retryAfterMs, error.retryAfterMs);
        } else {
          const pause = error instanceof CoinsPaidValidationError ? REFUSED_BACKOFF_MS : FAILURE_BACKOFF_MS;
          await store.set(`${key}:failed-until`, now + pause, pause);
        }
        return this.#stale(key);
      }
    } finally {
      await store.releaseLock(key);
    }
  }

  /**
   * The shared upstream budget, shared fairly: a rate customers are already being shown (one in the cache, fresh or
   * last good) may use all of it; a rate nobody has seen yet (a new pair or amount bucket) only its share for new
   * rates, and each client only a few of those a minute. One client asking for odd pairs and amounts can then never
   * starve the refreshes every open checkout depends on.
   */
  async #mayAsk(key: string, requester: string): Promise<boolean> {
    const { store, callsPerMinute, newRatesPerMinute, newRatesPerClientPerMinute } = this.#o;
    const shown = (await store.get<CachedRate>(key)) !== undefined;
    if (!shown) {
      if (!(await store.takeBudget(`rates:new-by:${requester}`, newRatesPerClientPerMinute, 60_000))) return false;
      if (!(await store.takeBudget('rates:new-budget', newRatesPerMinute, 60_000))) return false;
    }
    return store.takeBudget('rates:upstream-budget', callsPerMinute, 60_000);
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
