import Big from 'big.js';
import { findCurrency } from './catalogue.js';

/**
 * How the sandbox writes amounts and prices. Every figure it answers or sends in a callback is formatted here, so a
 * change of format (more decimals, padding) is made in one place.
 */

/** An amount at the currency's precision, rounded down unless told otherwise, as a fixed-decimals string. */
export function formatAmount(amount: Big | string, code: string, rounding: Big.RoundingMode = Big.roundDown): string {
  const precision = findCurrency(code)?.precision ?? 8;
  return new Big(amount).round(precision, rounding).toFixed(precision);
}

/** A balance as accounts/list shows it: at the currency's precision, rounded half up. */
export function formatBalance(amount: Big, code: string): string {
  return formatAmount(amount, code, Big.roundHalfUp);
}

/** `percent` % of an amount, at the currency's precision, rounded down: what a fee comes to. */
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
