import type { Currency, CurrencyPair } from '../../core/api-types.js';
import type { CoinsPaidClient } from '../coinspaid/client.js';
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

/**
 * What CoinsPaid currently accepts (currencies/list and currencies/pairs), asked at most once per five minutes for the
 * whole fleet: it changes rarely, and every widget's /config and every creation reads it.
 */
export class CurrencyCatalogue {
  readonly #client: CoinsPaidClient;
  readonly #store: ProxyStore;

  constructor({ client, store }: { client: CoinsPaidClient; store: ProxyStore }) {
    this.#client = client;
    this.#store = store;
  }

  async get(): Promise<Catalogue> {
    const cached = await this.#store.get<Catalogue>(CATALOGUE_KEY);
    if (cached) return cached;
    const [currencies, pairs] = await Promise.all([this.#client.currenciesList({ visible: true }), this.#client.currenciesPairs()]);
    const fresh = { currencies, pairs };
    await this.#store.set(CATALOGUE_KEY, fresh, CATALOGUE_TTL_MS);
    return fresh;
  }

  /** A crypto currency the token lets this customer pay in and CoinsPaid currently accepts. */
  async payable(checkout: VerifiedCheckout, currency: string, field = 'currency'): Promise<Currency> {
    assertAccepts(checkout, currency, field);
    const found = (await this.get()).currencies.find((c) => c.currency === currency && c.type === 'crypto');
    if (!found) throw new ProxyError(400, 'validation', { [field]: `${currency} is not available for payment.` });
    return found;
  }
}
