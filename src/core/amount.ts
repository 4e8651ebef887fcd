import type { DecimalString } from './api-types.js';

/**
 * Money as decimal strings, computed exactly with BigInt: never a JS number, so 0.1 + 0.2 stays 0.3 and a price in
 * satoshis is exact. Strings in, strings out. (BigInt rather than big.js: the same results for these few operations,
 * in a fraction of the element's first-paint bytes.)
 */

const DECIMAL = /^\d+(\.\d+)?$/;

/** A decimal as an integer count of 10^-scale. */
type Fixed = readonly [units: bigint, scale: number];

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Parses what big.js would: an optional sign, digits with an optional fraction, an optional exponent. */
function parse(value: string): Fixed {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(value);
  if (!m || !(m[2] || m[3])) throw new TypeError(`Invalid decimal: ${value}`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[1]}${m[2]}${fraction}`.replace(/^([+-]?)$/, '$10'));
  const scale = fraction.length - Number(m[4] ?? 0);
  return scale < 0 ? [units * pow10(-scale), 0] : [units, scale];
}

/** The two values' units at their common scale. */
function align(a: string, b: string): [bigint, bigint, number] {
  const [x, xs] = parse(a);
  const [y, ys] = parse(b);
  const scale = Math.max(xs, ys);
  return [x * pow10(scale - xs), y * pow10(scale - ys), scale];
}

/** `numerator / denominator` (denominator > 0) as an integer, rounded away from zero (up) or towards it (down). */
function divide(numerator: bigint, denominator: bigint, up: boolean): bigint {
  const q = numerator / denominator;
  return up && q * denominator !== numerator ? q + (numerator < 0 ? -1n : 1n) : q;
}

/** Units at `scale` as a plain decimal: exactly `scale` decimals when `fixed`, else the shortest. */
function format(units: bigint, scale: number, fixed = false): DecimalString {
  const digits = (units < 0 ? -units : units).toString().padStart(scale + 1, '0');
  let text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  if (!fixed && scale) text = text.replace(/\.?0+$/, '');
  return units < 0 ? `-${text}` : text;
}

/** A value rounded to `precision` decimals, as units at that scale. */
function round([units, scale]: Fixed, precision: number, up: boolean): bigint {
  return scale <= precision ? units * pow10(precision - scale) : divide(units, pow10(scale - precision), up);
}

/** True for a non-negative plain decimal string ("106.75", "0.00010000"): no sign, exponent, grouping or comma. */
export function isDecimal(value: unknown): value is DecimalString {
  return typeof value === 'string' && DECIMAL.test(value);
}

/**
 * The crypto amount that pays `fiat` at `price` (units of fiat for one unit of crypto), rounded UP to `precision`
 * decimals so the merchant is never short (amount × price ≥ fiat, exactly), as a string with exactly `precision`
 * decimals.
 * @throws RangeError when the price is not positive.
 */
export function cryptoForFiat(fiat: DecimalString, price: DecimalString, precision: number): DecimalString {
  const [p, ps] = parse(price);
  if (p <= 0) throw new RangeError('cryptoForFiat: price must be positive');
  const [f, fs] = parse(fiat);
  return format(divide(f * pow10(ps + precision), p * pow10(fs), true), precision, true);
}

/** `value` with `precision` decimals, rounded up (amounts owed) or down. */
export function toPrecision(value: DecimalString, precision: number, direction: 'up' | 'down' = 'up'): DecimalString {
  return format(round(parse(value), precision, direction === 'up'), precision, true);
}

/** The shortest plain decimal for a value: "0.00100000" → "0.001", "10.0" → "10". For URIs and copying. */
export function trimDecimal(value: DecimalString): DecimalString {
  return format(...parse(value));
}

/** `value` × 10^decimals as an integer string (satoshi, wei, token units), rounded up: for EIP-681 URIs. */
export function toSmallestUnit(value: DecimalString, decimals: number): string {
  const [units, scale] = parse(value);
  return format(round([units, scale - decimals], 0, true), 0);
}

/** The exact sum of decimal strings ("0" for none). */
export function sumDecimals(values: readonly DecimalString[]): DecimalString {
  return values.reduce((sum, value) => {
    const [a, b, scale] = align(sum, value);
    return format(a + b, scale);
  }, '0');
}

/** `a` − `b`, exact; callers compare first where a negative result would be meaningless. */
export function subtractDecimal(a: DecimalString, b: DecimalString): DecimalString {
  const [x, y, scale] = align(a, b);
  return format(x - y, scale);
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareDecimal(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `percent` % of `value`, rounded up to `precision` (fees: what the customer may be charged at most). */
export function percentOf(value: DecimalString, percent: DecimalString, precision: number): DecimalString {
  const [v, vs] = parse(value);
  const [p, ps] = parse(percent);
  return format(round([v * p, vs + ps + 2], precision, true), precision, true);
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
