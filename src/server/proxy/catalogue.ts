import type { Currency, CurrencyPair } from '../../core/api-types.js';
import type { Clock } from '../../core/clock.js';
import type { CoinsPaidClient } from '../coinspaid/client.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { ProxyStore } from '../store/types.js';
import { assertAccepts } from './checkout-rules.js';
import { ProxyError } from './errors.js';
import type { VerifiedCheckout } from './tokens.js';

export interface Catalogue {
  currencies: Currency[];
  pairs: CurrencyPair[];
}

const CATALOGUE_KEY = 'config:catalogue';
const CATALOGUE_TTL_MS = 5 * 60 * 1000;
/** How long this process answers from its own copy before reading the shared one again. */
const LOCAL_TTL_MS = 10 * 1000;
const INDICATIVE_KEY = 'config:indicative-rates';
/** CoinsPaid's indicative rates (currencies/rates, not the rate-limited exchange/calculate): good for a minute. */
const INDICATIVE_TTL_MS = 60 * 1000;

/**
 * What CoinsPaid currently accepts (currencies/list and currencies/pairs), asked at most once per five minutes for the
 * whole fleet: it changes rarely, and every widget's /config and every creation reads it.
 */
export class CurrencyCatalogue {
  readonly #client: CoinsPaidClient;
  readonly #store: ProxyStore;
  /** Calls in flight: a burst of widgets after the cache lapsed makes one upstream call, not one each. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  readonly #clock: Clock;
  /** This process's copy: read again from the shared store at most every LOCAL_TTL_MS, and kept through its outages. */
  #last: { catalogue: Catalogue; until: number } | undefined;

  constructor({ client, store, clock }: { client: CoinsPaidClient; store: ProxyStore; clock: Clock }) {
    this.#client = client;
    this.#store = store;
    this.#clock = clock;
  }

  #keep(catalogue: Catalogue): Catalogue {
    this.#last = { catalogue, until: this.#clock.now() + LOCAL_TTL_MS };
    return catalogue;
  }

  /** `load` once per key at a time in this process: concurrent callers share the one call. */
  #once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.#inFlight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async get(): Promise<Catalogue> {
    // Every GET /rates reads it (its pair check): from this process's copy, not a shared-store round trip and a parse.
    if (this.#last && this.#clock.now() < this.#last.until) return this.#last.catalogue;
    let cached: Catalogue | undefined;
    try {
      cached = await this.#store.get<Catalogue>(CATALOGUE_KEY);
    } catch (error) {
      // The shared store is down: this process's last copy (currencies change rarely) keeps rates and checks going.
      if (error instanceof StoreUnavailableError && this.#last) return this.#last.catalogue;
      throw error;
    }
    if (cached) return this.#keep(cached);
    return this.#once(CATALOGUE_KEY, async () => {
      const [currencies, pairs] = await Promise.all([this.#client.currenciesList({ visible: true }), this.#client.currenciesPairs()]);
      const fresh = this.#keep({ currencies, pairs });
      await this.#store.set(CATALOGUE_KEY, fresh, CATALOGUE_TTL_MS);
      return fresh;
    });
  }

  /**
   * CoinsPaid's indicative price of one `from` in `to` (currencies/rates: one call for every pair, cached for a
   * minute, never the rate-limited exchange/calculate), or null where it lists none or cannot be asked.
   */
  async indicativePrice(from: string, to: string): Promise<string | null> {
    let rates = await this.#store.get<CurrencyPair[]>(INDICATIVE_KEY);
    if (!rates) {
      try {
        rates = await this.#once(INDICATIVE_KEY, async () => {
          const fresh = await this.#client.currenciesRates();
          await this.#store.set(INDICATIVE_KEY, fresh, INDICATIVE_TTL_MS);
          return fresh;
        });
      } catch {
        return null; // an estimate for display: the configuration is served without it
      }
    }
    const pair = rates.find((p) => p.currency_from.currency === from && p.currency_to.currency === to);
    return pair && /^1(\.0*)?$/.test(pair.rate_from) ? pair.rate_to : null;
  }

  /** A crypto currency the token lets this customer pay in and CoinsPaid currently accepts. */
  async payable(checkout: VerifiedCheckout, currency: string, field = 'currency'): Promise<Currency> {
    assertAccepts(checkout, currency, field);
    const found = (await this.get()).currencies.find((c) => c.currency === currency && c.type === 'crypto');
    if (!found) throw new ProxyError(400, 'validation', { [field]: `${currency} is not available for payment.` });
    return found;
  }
}
