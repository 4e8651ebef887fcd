import type { DecimalString } from './api-types.js';

/**
 * The browser's decimal arithmetic: exact, on BigInt, in a few hundred bytes where big.js costs 3 KB gzip of every
 * address view. The same operations and the same results as src/core/amount.ts (big.js, which the server keeps):
 * test/node/decimal.test.ts checks them against it on generated inputs. Strings in, strings out; never a float.
 */

/** `n` × 10^-`s`: a decimal as an integer count of its last place. */
interface Fixed {
  n: bigint;
  s: number;
}

// big.js's grammar: an optional minus, digits with an optional fraction (or a bare fraction), an optional exponent.
const NUMBER = /^(-?)(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?$/i;
/** Exponents past this are no amount of money: refused rather than made into a million-digit BigInt. */
const MAX_EXPONENT = 1000;

const pow10 = (k: number): bigint => 10n ** BigInt(k);

function parse(value: DecimalString): Fixed {
  const m = NUMBER.exec(value);
  const exponent = Number(m?.[3] ?? 0);
  if (!m || Math.abs(exponent) > MAX_EXPONENT) throw new TypeError(`Not a decimal: ${value}`);
  const [whole, fraction = ''] = m[2]!.split('.');
  const n = BigInt(`${m[1]}0${whole}${fraction}`);
  const s = fraction.length - exponent;
  return s < 0 ? { n: n * pow10(-s), s: 0 } : { n, s };
}

/** `x` written with `s` ≥ x.s places. */
const at = (x: Fixed, s: number): bigint => x.n * pow10(s - x.s);

/** a ÷ b (b > 0) to an integer: rounded away from zero (`up`) or toward it. */
function divide(a: bigint, b: bigint, up: boolean): bigint {
  const q = a / b; // BigInt division truncates toward zero
  return up && q * b !== a ? q + (a < 0n ? -1n : 1n) : q;
}

/** `x` rounded to `places` decimals, away from zero (`up`) or toward it, as big.js's roundUp and roundDown do. */
function round(x: Fixed, places: number, up: boolean): Fixed {
  return x.s <= places ? x : { n: divide(x.n, pow10(x.s - places), up), s: places };
}

/** Plain notation with exactly `places` decimals (`places` ≥ x.s), or the shortest when omitted; never "-0". */
function format(x: Fixed, places?: number): DecimalString {
  let s = x.s;
  let n = x.n;
  if (places === undefined) {
    while (s > 0 && n % 10n === 0n) {
      n /= 10n;
      s--;
    }
  } else {
    n = at(x, places);
    s = places;
  }
  const digits = (n < 0n ? -n : n).toString().padStart(s + 1, '0');
  const text = s ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits;
  return n < 0n ? `-${text}` : text;
}

/**
 * The crypto amount that pays `fiat` at `price` (units of fiat for one unit of crypto), rounded UP to `precision`
 * decimals so the merchant is never short: the smallest such amount with amount × price ≥ fiat.
 * @throws RangeError when the price is not positive.
 */
export function cryptoForFiat(fiat: DecimalString, price: DecimalString, precision: number): DecimalString {
  const p = parse(price);
  if (p.n <= 0n) throw new RangeError('cryptoForFiat: price must be positive');
  const f = parse(fiat);
  // fiat ÷ price in units of 10^-precision: f.n·10^(p.s + precision) ÷ (p.n·10^f.s), exactly, rounded up.
  return format({ n: divide(f.n * pow10(p.s + precision), p.n * pow10(f.s), true), s: precision }, precision);
}

/** `value` with `precision` decimals, rounded up (amounts owed) or down. */
export function toPrecision(value: DecimalString, precision: number, direction: 'up' | 'down' = 'up'): DecimalString {
  return format(round(parse(value), precision, direction === 'up'), precision);
}

/** `value` × 10^decimals as an integer string (satoshi, wei, token units), rounded up: for EIP-681 URIs. */
export function toSmallestUnit(value: DecimalString, decimals: number): string {
  const x = parse(value);
  return format(round({ n: x.n, s: x.s - decimals }, 0, true), 0);
}

/** The exact sum of decimal strings ("0" for none). */
export function sumDecimals(values: readonly DecimalString[]): DecimalString {
  const parsed = values.map(parse);
  const s = Math.max(0, ...parsed.map((x) => x.s));
  return format({ n: parsed.reduce((sum, x) => sum + at(x, s), 0n), s });
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareDecimal(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  const x = parse(a);
  const y = parse(b);
  const s = Math.max(x.s, y.s);
  const d = at(x, s) - at(y, s);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
