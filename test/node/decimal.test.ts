import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import fc from 'fast-check';
import * as amount from '../../src/core/amount.js';
import * as decimal from '../../src/core/decimal.js';

/**
 * src/core/decimal.ts (BigInt, in the browser) against src/core/amount.ts (big.js, on the server): the same answer to
 * every generated input, for each operation the element uses. Money shown to a customer must not depend on which of
 * the two computed it.
 */

const RUNS = Number(process.env['DECIMAL_RUNS'] ?? 2000);

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Plain non-negative decimals as the proxy writes them: "0", "106.75", "0.00010000", "0012.5". */
const plain = fc
  .tuple(digits(1, 12), fc.option(digits(1, 20), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));

/** What big.js also reads: a sign, a bare fraction or a trailing point, an exponent. */
const anyDecimal = fc.oneof(
  plain,
  fc.tuple(fc.constantFrom('', '-'), plain).map(([sign, x]) => `${sign}${x}`),
  fc.tuple(fc.constantFrom('', '-'), digits(1, 6)).map(([sign, f]) => `${sign}.${f}`),
  digits(1, 6).map((w) => `${w}.`),
  fc
    .tuple(fc.constantFrom('', '-'), plain, fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 30 }))
    .map(([sign, x, e, es, n]) => `${sign}${x}${e}${es}${n}`),
);

const positive = plain.filter((x) => new Big(x).gt(0));
const precision = fc.integer({ min: 0, max: 18 });

describe('BigInt decimals (src/core/decimal.ts) agree with big.js (src/core/amount.ts)', () => {
  it('cryptoForFiat: the smallest amount at the precision that pays the price', () => {
    fc.assert(
      fc.property(plain, positive, precision, (fiat, price, p) => {
        const ours = decimal.cryptoForFiat(fiat, price, p);
        assert.equal(ours, amount.cryptoForFiat(fiat, price, p));
        assert.ok(new Big(ours).times(price).gte(fiat), 'pays the price');
      }),
      { numRuns: RUNS },
    );
  });

  it('cryptoForFiat refuses a price that is not positive, as big.js does', () => {
    for (const price of ['0', '0.000', '-1']) {
      assert.throws(() => decimal.cryptoForFiat('10', price, 8), RangeError);
      assert.throws(() => amount.cryptoForFiat('10', price, 8), RangeError);
    }
  });

  it('toPrecision, rounded up and down, with exactly that many decimals', () => {
    fc.assert(
      fc.property(anyDecimal, precision, fc.constantFrom('up' as const, 'down' as const), (value, p, direction) => {
        assert.equal(decimal.toPrecision(value, p, direction), amount.toPrecision(value, p, direction));
      }),
      { numRuns: RUNS },
    );
  });

  it('toSmallestUnit: satoshi, wei and token units, rounded up', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 24 }), (value, decimals) => {
        assert.equal(decimal.toSmallestUnit(value, decimals), amount.toSmallestUnit(value, decimals));
      }),
      { numRuns: RUNS },
    );
  });

  it('sumDecimals: exact, in the shortest form', () => {
    fc.assert(
      fc.property(fc.array(anyDecimal, { maxLength: 8 }), (values) => {
        assert.equal(decimal.sumDecimals(values), amount.sumDecimals(values));
      }),
      { numRuns: RUNS },
    );
  });

  it('compareDecimal', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        assert.equal(decimal.compareDecimal(a, b), amount.compareDecimal(a, b));
        assert.equal(decimal.compareDecimal(a, a), 0);
      }),
      { numRuns: RUNS },
    );
  });

  it('works the known cases', () => {
    assert.equal(decimal.cryptoForFiat('106.75', '60000', 8), '0.00177917');
    assert.equal(decimal.cryptoForFiat('100', '3', 2), '33.34');
    assert.equal(decimal.toPrecision('0.123456789', 8, 'down'), '0.12345678');
    assert.equal(decimal.toPrecision('0.1', 3), '0.100');
    assert.equal(decimal.toSmallestUnit('0.00125589', 18), '1255890000000000');
    assert.equal(decimal.toSmallestUnit('1.0000000000000000001', 18), '1000000000000000001');
    assert.equal(decimal.sumDecimals([]), '0');
    assert.equal(decimal.sumDecimals(['0.1', '0.2']), '0.3');
    assert.equal(decimal.sumDecimals(['1.50', '-1.5']), '0');
    assert.equal(decimal.compareDecimal('0.10', '0.1'), 0);
    assert.equal(decimal.compareDecimal('-0', '0'), 0);
  });

  it('refuses what is not a decimal, as big.js does', () => {
    for (const bad of ['', '.', '-', '1,5', '1e', 'abc', ' 1', '1 ', '0x10', 'Infinity', 'NaN', '1e99999']) {
      assert.throws(() => decimal.compareDecimal(bad, '0'), TypeError, bad);
      if (bad !== '1e99999') assert.throws(() => new Big(bad), bad);
    }
  });
});
