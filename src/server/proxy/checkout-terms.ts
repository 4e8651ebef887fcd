import { toPrecision } from '../../core/amount.js';
import { currencyFacts } from '../../core/currencies.js';
import type { Money } from '../../core/settlement.js';
import type { CurrencyCatalogue } from './catalogue.js';
import type { CheckoutTerms } from './checkouts.js';
import type { VerifiedCheckout } from './tokens.js';

/** Decimals of a price's currency: CoinsPaid's live list, else the project's table, else a fiat's two. */
async function precisionOf(catalogue: CurrencyCatalogue, currency: string): Promise<number> {
  const listed = (await catalogue.get()).currencies.find((c) => c.currency === currency);
  return listed?.precision ?? currencyFacts(currency)?.precision ?? 2;
}

/**
 * What a checkout expects, from its verified token: the order, its price (the token's amount and currency are the only
 * truth about it), and the time to pay (the token's expiry). A fixed-rate checkout passes its own price and deadline.
 */
export async function checkoutTerms(
  checkout: VerifiedCheckout,
  catalogue: CurrencyCatalogue,
  fixed?: { expected: Money; deadline: number },
): Promise<CheckoutTerms> {
  const expected =
    fixed?.expected ??
    (checkout.amount !== undefined && checkout.amount_currency !== undefined
      ? { amount: checkout.amount, currency: checkout.amount_currency }
      : null);
  const precision = expected ? await precisionOf(catalogue, expected.currency) : 0;
  return {
    id: checkout.checkout_id,
    order_id: checkout.order_id ?? null,
    foreign_id: checkout.foreign_id,
    // At the currency's own precision: CoinsPaid writes fiat with 8 decimals ("100.00000000"), a price has 2.
    expected: expected && { ...expected, amount: toPrecision(expected.amount, precision, 'up') },
    expected_precision: precision,
    valuation: fixed ? 'received' : 'quoted',
    deadline: fixed?.deadline ?? checkout.exp,
  };
}
