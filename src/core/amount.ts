import Big from 'big.js';
import type { DecimalString } from './api-types.js';

export { formatDecimal, formatMoney, isDecimal, trimDecimal } from './decimal-format.js';

/**
 * Money as decimal strings, computed with big.js: never a JS number, so 0.1 + 0.2 stays 0.3 and a price in satoshis
 * is exact. Strings in, strings out.
 */

/**
 * The crypto amount that pays `fiat` at `price` (units of fiat for one unit of crypto), rounded UP to `precision`
 * decimals so the merchant is never short, as a string with exactly `precision` decimals.
 * @throws RangeError when the price is not positive.
 */
export function cryptoForFiat(fiat: DecimalString, price: DecimalString, precision: number): DecimalString {
  const p = new Big(price);
  if (p.lte(0)) throw new RangeError('cryptoForFiat: price must be positive');
  // big.js divides to Big.DP (20) places: digits past the 20th are dropped before we round up. The invariant that
  // matters is amount × price ≥ fiat; one smallest unit more where the dropped digits broke it.
  let amount = new Big(fiat).div(p).round(precision, Big.roundUp);
  if (amount.times(p).lt(fiat)) amount = amount.plus(new Big(10).pow(-precision));
  return amount.toFixed(precision);
}

/** What `amount` of a currency is worth at `price` (units of another for one), rounded up to `precision` decimals. */
export function valueAt(amount: DecimalString, price: DecimalString, precision: number): DecimalString {
  return new Big(amount).times(price).round(precision, Big.roundUp).toFixed(precision);
}

/** `value` with `precision` decimals, rounded up (amounts owed) or down. */
export function toPrecision(value: DecimalString, precision: number, direction: 'up' | 'down' = 'up'): DecimalString {
  return new Big(value).round(precision, direction === 'up' ? Big.roundUp : Big.roundDown).toFixed(precision);
}

/** `value` × 10^decimals as an integer string (satoshi, wei, token units), rounded up: for EIP-681 URIs. */
export function toSmallestUnit(value: DecimalString, decimals: number): string {
  return new Big(value).times(new Big(10).pow(decimals)).round(0, Big.roundUp).toFixed(0);
}

/** The exact sum of decimal strings ("0" for none). */
export function sumDecimals(values: readonly DecimalString[]): DecimalString {
  return values.reduce((sum, value) => sum.plus(value), new Big(0)).toFixed();
}

/** `a` − `b`, exact; callers compare first where a negative result would be meaningless. */
export function subtractDecimal(a: DecimalString, b: DecimalString): DecimalString {
  return new Big(a).minus(b).toFixed();
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareDecimal(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  return new Big(a).cmp(b) as -1 | 0 | 1;
}

/** `percent` % of `value`, rounded up to `precision` (fees: what the customer may be charged at most). */
export function percentOf(value: DecimalString, percent: DecimalString, precision: number): DecimalString {
  return new Big(value).times(percent).div(100).round(precision, Big.roundUp).toFixed(precision);
}
