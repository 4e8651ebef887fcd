import type { CurrencyCatalogue } from './catalogue.js';
import type { PricingContext } from './checkouts.js';
import type { RateCache } from './rates.js';

/**
 * Prices and deposit rules for settling checkouts, from the caches the proxy keeps anyway: the rate cache (one
 * upstream call per pair and fix period, shared with every widget) and CoinsPaid's currency catalogue.
 */
export function marketPricing(rates: RateCache, catalogue: CurrencyCatalogue): PricingContext {
  return {
    async price(from, to) {
      try {
        const quote = await rates.quote(from, to);
        // A stale rate may be hours old: no price is better than a wrong one (the caller retries or leaves it out).
        return quote.stale ? null : quote.price;
      } catch {
        return null;
      }
    },
    async depositRules(currency, convertTo) {
      const { currencies, pairs } = await catalogue.get();
      const found = currencies.find((c) => c.currency === currency);
      if (!found) return null;
      const pair = convertTo ? pairs.find((p) => p.currency_from.currency === currency && p.currency_to.currency === convertTo) : undefined;
      return { precision: found.precision, minimum: pair?.currency_from.min_amount_deposit_with_exchange ?? found.minimum_amount };
    },
  };
}
