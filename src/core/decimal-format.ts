import type { DecimalString } from './api-types.js';

/**
 * Decimal strings for people, without arithmetic: checking, trimming and formatting need no decimal library, so the
 * element's first paint formats prices without loading one (src/core/amount.ts does the arithmetic, with big.js).
 */

const DECIMAL = /^\d+(\.\d+)?$/;

/** True for a non-negative plain decimal string ("106.75", "0.00010000"): no sign, exponent, grouping or comma. */
export function isDecimal(value: unknown): value is DecimalString {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** The shortest form of a plain decimal string: "0.00100000" → "0.001", "010.0" → "10". For URIs and copying. */
export function trimDecimal(value: DecimalString): DecimalString {
  if (!isDecimal(value)) throw new TypeError(`Not a plain decimal: ${value}`);
  const [whole = '0', fraction = ''] = value.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${digits}.${decimals}` : digits;
}

/**
 * An amount for people, in their locale's grouping and decimal mark, keeping every digit of the string (the
 * string goes to Intl as is, never through a float). `minimumFractionDigits` keeps e.g. "106.50" for fiat.
 */
export function formatDecimal(value: DecimalString, locale?: string, minimumFractionDigits = 0): string {
  const trimmed = trimDecimal(value);
  const decimals = trimmed.split('.')[1]?.length ?? 0;
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits, maximumFractionDigits: Math.max(decimals, minimumFractionDigits) });
  return format.format(trimmed as Intl.StringNumericLiteral);
}

/** A fiat price for people: "€106.75", "106,75 €" in its locale. */
export function formatMoney(value: DecimalString, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(trimDecimal(value) as Intl.StringNumericLiteral);
  } catch {
    // Not an ISO 4217 code Intl knows: number and code.
    return `${formatDecimal(value, locale, 2)} ${currency}`;
  }
}
