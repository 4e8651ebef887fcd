/**
 * The sandbox's rates: deterministic by seed and 60 s fix period, consistent across currencies/rates, currencies/pairs
 * and exchange/calculate, computed with decimal arithmetic at each currency's precision. Manual clock: windows pass
 * exactly when the test says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { dataOf } from '../helpers/sandbox-client.js';
import { startSandbox, useSandbox } from '../helpers/use-sandbox.js';

const s = useSandbox();
const { clock } = s;

type Calc = { price: string; sender_amount: string; receiver_amount: string; fee_amount: string; ts_fixed: number; ts_release: number };
const btcEur = { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' };

describe('sandbox rates', () => {
  it('quotes the same price for the same seed and window, in two separate sandboxes', async () => {
    const twin = await startSandbox({ clock: s.clock });
    try {
      const [a, b] = [dataOf<Calc>(await s.api('exchange/calculate', btcEur)), dataOf<Calc>(await twin.api('exchange/calculate', btcEur))];
      assert.deepEqual(a, b);
      const pairsA = dataOf<unknown>(await s.api('currencies/rates'));
      assert.deepEqual(pairsA, dataOf<unknown>(await twin.api('currencies/rates')));
    } finally {
      await twin.close();
    }
  });

  it('quotes other prices for another seed', async () => {
    const other = await startSandbox({ clock: s.clock, seed: 7 });
    try {
      const a = dataOf<Calc>(await s.api('exchange/calculate', btcEur));
      const b = dataOf<Calc>(await other.api('exchange/calculate', btcEur));
      assert.equal(a.ts_fixed, b.ts_fixed);
      assert.notEqual(a.price, b.price);
    } finally {
      await other.close();
    }
  });

  it('holds the price for the whole 60 s window and moves it in the next one', async () => {
    const first = dataOf<Calc>(await s.api('exchange/calculate', btcEur));
    clock.advance(first.ts_release * 1000 - clock.now() - 1); // last millisecond of the window
    const same = dataOf<Calc>(await s.api('exchange/calculate', btcEur));
    assert.deepEqual(same, first);
    clock.advance(1);
    const next = dataOf<Calc>(await s.api('exchange/calculate', btcEur));
    assert.equal(next.ts_fixed, first.ts_release);
    assert.notEqual(next.price, first.price);
    const prices = new Set<string>();
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      prices.add(dataOf<Calc>(await s.api('exchange/calculate', btcEur)).price);
      await s.control('reset'); // keeps us under the 30/min limit of exchange/calculate
    }
    assert.ok(prices.size >= 8, 'the price wobbles window to window');
    for (const p of prices) assert.ok(Number(p) > 80_000 && Number(p) < 90_000, p);
  });

  it('agrees between currencies/rates, currencies/pairs and exchange/calculate within a window', async () => {
    const calc = dataOf<Calc>(await s.api('exchange/calculate', btcEur));
    const [rate] = dataOf<Array<{ rate_to: string }>>(await s.api('currencies/rates', { currency_from: 'BTC', currency_to: 'EUR' }));
    const [pair] = dataOf<Array<{ rate_to: string }>>(await s.api('currencies/pairs', { currency_from: 'BTC', currency_to: 'EUR' }));
    assert.equal(rate!.rate_to, pair!.rate_to);
    const drift = new Big(rate!.rate_to).minus(calc.price).abs().div(calc.price);
    assert.ok(drift.lt('0.02'), `rate_to ${rate!.rate_to} vs price ${calc.price}`);
  });

  it('computes amounts at the currency precision with decimal arithmetic, never floats', async () => {
    const calc = dataOf<Calc>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.1' }),
    );
    assert.match(calc.receiver_amount, /^\d+\.\d{8}$/, 'fiat at 8 decimals, as CoinsPaid writes it');
    // As in the reference (1 BTC at 8549.8168 gives 8549.8168 EUR, fee 85.498168 beside it): the receiver amount is the
    // sender amount at the price, rounded down to 8 decimals, and the 1 % fee is stated, not taken out of it.
    assert.equal(calc.receiver_amount, new Big('0.1').times(calc.price).round(8, Big.roundDown).toFixed(8));
    assert.equal(calc.fee_amount, new Big(calc.receiver_amount).times('0.01').round(8, Big.roundDown).toFixed(8));
    const usdt = dataOf<Calc>(
      await s.api('exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'USDTT', sender_amount: '100' }),
    );
    assert.match(usdt.receiver_amount, /^\d+\.\d{6}$/, 'USDT at 6 decimals');
  });

  it('quotes fiat→crypto pairs as fiat per crypto too, a spread above the crypto→fiat price, and divides by it', async () => {
    const sell = dataOf<Calc & { fee_currency: string }>(await s.api('exchange/calculate', btcEur));
    const buy = dataOf<Calc & { fee_currency: string }>(
      await s.api('exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '1000' }),
    );
    assert.ok(Number(buy.price) > 80_000 && Number(buy.price) < 90_000, `EUR→BTC price ${buy.price} is EUR per BTC`);
    const spread = new Big(buy.price).div(sell.price);
    assert.ok(spread.gt(1) && spread.lt('1.02'), `buying costs more than selling: ${spread.toFixed(5)}`);
    assert.equal(buy.receiver_amount, new Big('1000').div(buy.price).round(8, Big.roundDown).toFixed(8));
    assert.equal(buy.fee_currency, 'EUR', 'the fee is in the fiat currency, as in the reference exchange callbacks');
    assert.equal(buy.fee_amount, '10.00000000');
    const [pair] = dataOf<Array<{ rate_from: string; rate_to: string }>>(
      await s.api('currencies/rates', { currency_from: 'EUR', currency_to: 'BTC' }),
    );
    assert.equal(pair!.rate_from, '1');
    assert.equal(pair!.rate_to, buy.price);
    // And by receiver amount: the EUR to pay for 0.01 BTC, rounded up so it buys at least that.
    const forBtc = dataOf<Calc>(
      await s.api('exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'BTC', receiver_amount: '0.01' }),
    );
    assert.ok(new Big(forBtc.sender_amount).div(forBtc.price).gte('0.01'), forBtc.sender_amount);
    assert.match(forBtc.sender_amount, /^\d+\.\d{8}$/);
  });

  it('asks at least the receiver amount when quoting by receiver_amount (sender rounded up)', async () => {
    const calc = dataOf<Calc>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '106.75' }),
    );
    const back = dataOf<Calc>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: calc.sender_amount }),
    );
    assert.ok(new Big(back.receiver_amount).gte('106.75'), back.receiver_amount);
  });
});
