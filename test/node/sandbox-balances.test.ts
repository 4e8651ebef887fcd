/**
 * The sandbox account's balances and foreign_ids: unique foreign_ids (free again when a request is refused), balances
 * moved by deposits, withdrawals and exchanges, a stale fixed price refused. Manual clock: confirmation delays pass
 * exactly when the test says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { dataOf, errorsOf, invoiceBody } from '../helpers/sandbox-client.js';
import { type RunningSandbox, useSandbox } from '../helpers/use-sandbox.js';

const s = useSandbox({ callbacks: true });
const { clock, receiver } = s;

type Calc = { price: string; sender_amount: string; receiver_amount: string; fee_amount: string; ts_fixed: number; ts_release: number };

async function balance(sandbox: Pick<RunningSandbox, 'api'>, currency: string): Promise<Big> {
  const list = dataOf<Array<{ currency: string; balance: string }>>(await sandbox.api('accounts/list'));
  return new Big(list.find((b) => b.currency === currency)!.balance);
}

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
    const final = await s.settled(() => receiver.bodies().find((b) => b['status'] === 'confirmed'), 'the confirmed callback');
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

  // From the former emulator suite.
  it('credits the balance when a deposit confirms', async () => {
    const before = await balance(s, 'LTC');
    const { address } = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'bal-fee', currency: 'LTC' }), 201);
    await s.control('deposits', { address, amount: '1.5', outcome: 'confirmed' });
    clock.advance(30_000);
    const confirmed = await s.settled(() => receiver.bodies().find((b) => b['status'] === 'confirmed'), 'the confirmed callback');
    // Credited net of the 0.99 % deposit fee, exactly what the callback's amount_minus_fee says.
    const received = confirmed['currency_received'] as { amount: string; amount_minus_fee: string };
    assert.equal(received.amount, '1.50000000', 'padded, as CoinsPaid writes it');
    assert.equal(received.amount_minus_fee, '1.48515000');
    assert.equal((await balance(s, 'LTC')).minus(before).toFixed(8), received.amount_minus_fee);
  });
});
