import Big from 'big.js';
import { findCurrency } from './catalogue.js';

/**
 * How the sandbox writes amounts and prices. Every figure it answers or sends in a callback is formatted here, so a
 * change of format is made in one place.
 *
 * CoinsPaid writes money at a fixed scale and pads it: a fiat amount always has 8 decimals (`"63.52069015"`,
 * `"30.00000000"`, balances `"5973.97568920"`), whatever the currency's display precision (EUR's is 2); a crypto
 * amount has its currency's precision (`"0.01000000"` BTC); an amount the merchant sent is echoed padded (a
 * withdrawal of `"0.01"` is answered `"0.01000000"`, an invoice of `106.75` EUR `"106.75000000"`).
 */

/** Decimals CoinsPaid writes an amount of `code` with: 8 for fiat, the currency's precision for crypto. */
export function wireDecimals(code: string): number {
  const currency = findCurrency(code);
  if (!currency || currency.type === 'fiat') return 8;
  return currency.precision;
}

/** An amount at CoinsPaid's scale for its currency, rounded down unless told otherwise, padded with zeros. */
export function formatAmount(amount: Big | string, code: string, rounding: Big.RoundingMode = Big.roundDown): string {
  const decimals = wireDecimals(code);
  return new Big(amount).round(decimals, rounding).toFixed(decimals);
}

/** A balance as accounts/list shows it: at CoinsPaid's scale, rounded half up. */
export function formatBalance(amount: Big, code: string): string {
  return formatAmount(amount, code, Big.roundHalfUp);
}

/** `percent` % of an amount, at CoinsPaid's scale, rounded down: what a fee comes to. */
export function percentOf(amount: Big | string, percent: string, code: string): string {
  return formatAmount(new Big(amount).times(percent).div(100), code);
}

/** A price, or an amount keying a futures rate table: always 8 decimals, rounded down. */
export function formatPrice(value: Big | string): string {
  return new Big(value).round(8, Big.roundDown).toFixed(8);
}

/** What is still owed: never below zero (an overpayment owes nothing). */
export function owed(due: Big | string, paid: Big): Big {
  const left = new Big(due).minus(paid);
  return left.lt(0) ? new Big(0) : left;
}
