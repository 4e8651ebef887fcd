/**
 * The sandbox's account: rates that move deterministically by seed and 60 s window, foreign_id uniqueness,
 * balances changed by deposits, withdrawals and exchanges, and futures with their 10,000 EUR limit.
 * Time is a manual clock: windows and confirmation delays pass exactly when the test says.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Big from 'big.js';
import {
  CallbackReceiver,
  dataOf,
  errorsOf,
  invoiceBody,
  ManualClock,
  startSandbox,
  T0,
  until,
  type RunningSandbox,
} from './sandbox-harness.test.js';

const clock = new ManualClock(T0);
const receiver = new CallbackReceiver(clock);
let s: RunningSandbox;

before(async () => {
  await receiver.start();
  s = await startSandbox({ clock, callbackUrl: receiver.url });
});
beforeEach(async () => {
  await s.control('reset');
  await s.control('config', { callback_url: receiver.url, duplicate_callbacks: false });
  receiver.clear();
});
after(async () => {
  await s.close();
  await receiver.close();
});

type Calc = { price: string; sender_amount: string; receiver_amount: string; fee_amount: string; ts_fixed: number; ts_release: number };
const btcEur = { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' };

async function balance(sandbox: RunningSandbox, currency: string): Promise<Big> {
  const list = dataOf<Array<{ currency: string; balance: string }>>(await sandbox.api('accounts/list'));
  return new Big(list.find((b) => b.currency === currency)!.balance);
}

describe('sandbox rates', () => {
  it('quotes the same price for the same seed and window, in two separate sandboxes', async () => {
    const twin = await startSandbox({ clock });
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
    const other = await startSandbox({ clock, seed: 7 });
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
    assert.match(calc.receiver_amount, /^\d+\.\d{2}$/);
    // As in the reference (1 BTC at 8549.8168 gives 8549.8168 EUR, fee 85.498168 beside it): the receiver amount is the
    // sender amount at the price, rounded down to the cent, and the 1 % fee is stated, not taken out of it.
    assert.equal(calc.receiver_amount, new Big('0.1').times(calc.price).round(2, Big.roundDown).toFixed(2));
    assert.equal(calc.fee_amount, new Big(calc.receiver_amount).times('0.01').round(2, Big.roundDown).toFixed(2));
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
    assert.equal(buy.fee_amount, '10.00');
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
    assert.match(forBtc.sender_amount, /^\d+\.\d{2}$/);
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

describe('sandbox foreign_id uniqueness', () => {
  const taken = /^The foreign id has already been taken\.$/;
  const cases: Array<[string, (fid: string) => Promise<Record<string, unknown>>]> = [
    [
      'withdrawal/crypto',
      async (foreign_id) => ({ foreign_id, amount: '0.01', currency: 'BTC', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }),
    ],
    ['exchange/now', async (foreign_id) => ({ foreign_id, sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100' })],
    [
      'exchange/fixed',
      async (foreign_id) => {
        const { price } = dataOf<Calc>(
          await s.api('exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100' }),
        );
        return { foreign_id, sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', price };
      },
    ],
    ['invoices/create', async (foreign_id) => invoiceBody(foreign_id)],
  ];
  for (const [endpoint, body] of cases) {
    it(`${endpoint}: refuses a foreign_id already used with "The foreign id has already been taken."`, async () => {
      const first = await s.api(endpoint, await body('dup-1'));
      assert.ok(first.status === 200 || first.status === 201, first.text);
      const again = await s.api(endpoint, await body('dup-1'));
      assert.equal(again.status, 400);
      assert.match(errorsOf(again)['foreign_id']!, taken);
      const other = await s.api(endpoint, await body('dup-2'));
      assert.ok(other.status === 200 || other.status === 201, other.text);
    });
  }

  it('allows the same foreign_id for several addresses (addresses are reused, not unique)', async () => {
    assert.equal((await s.api('addresses/take', { foreign_id: 'same', currency: 'BTC' })).status, 201);
    assert.equal((await s.api('addresses/take', { foreign_id: 'same', currency: 'ETH' })).status, 201);
  });
});

describe('sandbox balances', () => {
  it('credits a confirmed deposit after the confirmation delay, by the amount the callback says was received', async () => {
    const before = await balance(s, 'LTC');
    const { address } = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'bal', currency: 'LTC' }), 201);
    dataOf(await s.control('deposits', { address, amount: '1.5', outcome: 'confirmed' }), 201);
    assert.ok((await balance(s, 'LTC')).eq(before), 'nothing before confirmation');
    clock.advance(30_000);
    const final = await until(() => receiver.bodies().find((b) => b['status'] === 'confirmed'), 'the confirmed callback');
    const received = final['currency_received'] as { amount: string; amount_minus_fee?: string };
    const credited = (await balance(s, 'LTC')).minus(before);
    assert.ok(credited.gt('1.4') && credited.lte('1.5'), credited.toFixed());
    assert.ok(
      credited.eq(received.amount_minus_fee ?? received.amount),
      `credited ${credited.toFixed()} vs callback ${JSON.stringify(received)}`,
    );
  });

  it('leaves balances alone for a cancelled deposit', async () => {
    const before = await balance(s, 'BTC');
    const { address } = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'c', currency: 'BTC' }), 201);
    await s.control('deposits', { address, amount: '0.5', outcome: 'cancelled' });
    clock.advance(30_000);
    assert.ok((await balance(s, 'BTC')).eq(before));
  });

  it('credits the converted currency for a deposit to an exchange address', async () => {
    const before = await balance(s, 'EUR');
    const { address } = dataOf<{ address: string }>(
      await s.api('addresses/take', { foreign_id: 'x', currency: 'BTC', convert_to: 'EUR' }),
      201,
    );
    await s.control('deposits', { address, amount: '0.01', outcome: 'confirmed' });
    clock.advance(30_000);
    const gained = (await balance(s, 'EUR')).minus(before);
    assert.ok(gained.gt(750) && gained.lt(900), gained.toFixed());
  });

  it('debits a withdrawal at once, and refunds it when cancelled', async () => {
    const before = await balance(s, 'ETH');
    const w = dataOf<{ id: number }>(
      await s.api('withdrawal/crypto', {
        foreign_id: 'wd',
        amount: '1.25',
        currency: 'ETH',
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      }),
      201,
    );
    assert.ok((await balance(s, 'ETH')).eq(before.minus('1.25')));
    dataOf(await s.control(`withdrawals/${w.id}/settle`, { outcome: 'cancelled' }));
    assert.ok((await balance(s, 'ETH')).eq(before));
  });

  it('refuses a withdrawal over the balance with 400 and leaves the balance unchanged', async () => {
    const before = await balance(s, 'BTC');
    const a = await s.api('withdrawal/crypto', {
      foreign_id: 'big',
      amount: before.plus(1).toFixed(),
      currency: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    });
    assert.equal(a.status, 400);
    assert.ok(errorsOf(a)['amount']);
    assert.ok((await balance(s, 'BTC')).eq(before));
  });

  it('leaves the foreign_id of a withdrawal refused for its balance free to use', async () => {
    const over = (await balance(s, 'BTC')).plus(1).toFixed();
    assert.equal(
      (
        await s.api('withdrawal/crypto', {
          foreign_id: 'big2',
          amount: over,
          currency: 'BTC',
          address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        })
      ).status,
      400,
    );
    const retry = await s.api('withdrawal/crypto', {
      foreign_id: 'big2',
      amount: '0.01',
      currency: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    });
    assert.equal(retry.status, 201, retry.text);
  });

  for (const endpoint of ['exchange/now', 'exchange/fixed']) {
    it(`leaves the foreign_id of an ${endpoint} refused for its balance free to use`, async () => {
      const body = async (sender_amount: string) => {
        const base = { foreign_id: 'x-over', sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount };
        if (endpoint === 'exchange/now') return base;
        const { price } = dataOf<Calc>(
          await s.api('exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount }),
        );
        return { ...base, price };
      };
      const over = (await balance(s, 'EUR')).plus(1).toFixed(2);
      const refused = await s.api(endpoint, await body(over));
      assert.equal(refused.status, 400, refused.text);
      assert.match(errorsOf(refused)['sender_amount']!, /Insufficient balance/);
      const retry = await s.api(endpoint, await body('100'));
      assert.equal(retry.status, 201, retry.text);
    });
  }

  it('moves both balances on an exchange', async () => {
    const [eur, btc] = [await balance(s, 'EUR'), await balance(s, 'BTC')];
    const x = dataOf<{ receiver_amount: string }>(
      await s.api('exchange/now', { foreign_id: 'xn', sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '850' }),
      201,
    );
    assert.ok((await balance(s, 'EUR')).eq(eur.minus(850)));
    assert.ok((await balance(s, 'BTC')).eq(btc.plus(x.receiver_amount)));
  });

  it('refuses an exchange/fixed at a price that is no longer current', async () => {
    const { price } = dataOf<Calc>(
      await s.api('exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100' }),
    );
    clock.advance(60_000);
    const a = await s.api('exchange/fixed', {
      foreign_id: 'stale',
      sender_currency: 'EUR',
      receiver_currency: 'BTC',
      sender_amount: '100',
      price,
    });
    assert.equal(a.status, 400);
    assert.ok(errorsOf(a)['price']);
  });

  it('starts from the same balances after a reset', async () => {
    const before = await balance(s, 'EUR');
    await s.api('exchange/now', { foreign_id: 'r', sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100' });
    await s.control('reset');
    assert.ok((await balance(s, 'EUR')).eq(before));
  });
});

describe('sandbox futures', () => {
  const exchangeAddress = async (foreign_id: string, convert_to = 'EUR') =>
    dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id, currency: 'BTC', convert_to }), 201).address;

  it('refuses futures/rates for an address without exchange', async () => {
    const { address } = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'plain', currency: 'BTC' }), 201);
    const a = await s.api('futures/rates', { address });
    assert.equal(a.status, 400);
    assert.equal(errorsOf(a)['address'], 'Address is not found, incorrect or without exchange');
  });

  it('refuses futures/confirm for currencies that do not match the address', async () => {
    const address = await exchangeAddress('mismatch');
    const a = await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '100' });
    assert.equal(a.status, 400);
    assert.match(errorsOf(a)['address']!, /^Address is not found, incorrect or without exchange/);
  });

  it('confirms up to 10,000 EUR and refuses more with a clear message', async () => {
    const address = await exchangeAddress('limit');
    assert.equal(
      (await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10000' })).status,
      200,
    );
    const over = await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10000.01' });
    assert.equal(over.status, 400);
    assert.match(errorsOf(over)['receiver_amount']!, /10[, ]?000 EUR/);
  });

  it('converts the limit to EUR for other receiver currencies', async () => {
    const address = await exchangeAddress('limit-usd', 'USD');
    // 1 USD ≈ 0.92 EUR: 10,500 USD is under the limit, 11,500 USD over it.
    assert.equal(
      (await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '10500' })).status,
      200,
    );
    assert.equal(
      (await s.api('futures/confirm', { address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '11500' })).status,
      400,
    );
  });

  it('converts a deposit of exactly sender_amount at the futures price, any other amount at the current rate', async () => {
    const withFutures = await exchangeAddress('fut-a');
    const without = await exchangeAddress('fut-b');
    const confirmation = dataOf<{ sender_amount: string; receiver_amount: string; fee_amount: string; price: string }>(
      await s.api('futures/confirm', { address: withFutures, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '250' }),
    );
    const receivedFor = async (address: string, amount: string): Promise<Big> => {
      receiver.clear();
      await s.control('deposits', { address, amount, outcome: 'confirmed' });
      clock.advance(30_000);
      const final = await until(() => receiver.bodies().find((b) => b['status'] === 'confirmed'), 'the confirmed callback');
      assert.equal(final['type'], 'deposit_exchange');
      return new Big((final['currency_received'] as { amount: string }).amount);
    };
    const atFutures = await receivedFor(withFutures, confirmation.sender_amount);
    const atMarket = await receivedFor(without, confirmation.sender_amount);
    assert.ok(!atFutures.eq(atMarket), `futures ${atFutures.toFixed()} vs market ${atMarket.toFixed()}`);
    // What was guaranteed, less at most the fee, arrives.
    assert.ok(atFutures.gte(new Big(confirmation.receiver_amount).minus(confirmation.fee_amount)), atFutures.toFixed());
    assert.ok(atFutures.lte(new Big(confirmation.receiver_amount).plus('0.01')), atFutures.toFixed());
    // The futures were used up: the same amount again converts at the market rate.
    const again = await receivedFor(withFutures, confirmation.sender_amount);
    assert.ok(again.eq(atMarket), `${again.toFixed()} vs ${atMarket.toFixed()}`);
  });

  it('forgets the futures after ts_release', async () => {
    const withFutures = await exchangeAddress('fut-late');
    const control = await exchangeAddress('fut-late-b');
    const c = dataOf<{ sender_amount: string; ts_release: number }>(
      await s.api('futures/confirm', { address: withFutures, sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '100' }),
    );
    clock.advance(c.ts_release * 1000 - clock.now() + 1000);
    await s.control('deposits', { address: withFutures, amount: c.sender_amount, outcome: 'confirmed' });
    await s.control('deposits', { address: control, amount: c.sender_amount, outcome: 'confirmed' });
    clock.advance(30_000);
    const finals = await until(() => {
      const done = receiver.bodies().filter((b) => b['status'] === 'confirmed');
      return done.length === 2 ? done : undefined;
    }, 'two confirmed callbacks');
    const amounts = finals.map((b) => (b['currency_received'] as { amount: string }).amount);
    assert.equal(amounts[0], amounts[1]);
  });
});
