/**
 * The sandbox's API v2 endpoints over real HTTP: every endpoint's happy path and the reference's shapes and status
 * codes. Manual clock: windows are where the test expects them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataOf, invoiceBody } from '../helpers/sandbox-client.js';
import { T0 } from '../helpers/manual-clock.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const s = useSandbox();

const DECIMAL = /^\d+(\.\d+)?$/;
const keys = (value: unknown) => Object.keys(value as object).sort();

describe('sandbox API endpoints answer the reference shapes', () => {
  it('currencies/list: every currency with id, precision, minimum and fees', async () => {
    const list = dataOf<Array<Record<string, unknown>>>(await s.api('currencies/list'));
    const codes = list.map((c) => c['currency']);
    for (const code of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT', 'XRP', 'EUR', 'USD']) assert.ok(codes.includes(code), code);
    for (const c of list) {
      assert.equal(typeof c['id'], 'number');
      assert.ok(c['type'] === 'crypto' || c['type'] === 'fiat');
      assert.equal(typeof c['precision'], 'number');
      for (const field of ['minimum_amount', 'deposit_fee_percent', 'withdrawal_fee_percent'])
        assert.match(c[field] as string, DECIMAL, field);
    }
    assert.equal(list.find((c) => c['currency'] === 'EUR')!['type'], 'fiat');
    assert.equal(list.find((c) => c['currency'] === 'XRP')!['requires_tag'], true);
    assert.match(String(list.find((c) => c['currency'] === 'USDTT')!['network']), /TRC-20/);
  });

  it('currencies/list: filters by visible', async () => {
    const visible = dataOf<unknown[]>(await s.api('currencies/list', { visible: true }));
    const hidden = dataOf<unknown[]>(await s.api('currencies/list', { visible: false }));
    assert.equal(visible.length + hidden.length, dataOf<unknown[]>(await s.api('currencies/list')).length);
  });

  for (const endpoint of ['currencies/pairs', 'currencies/rates']) {
    it(`${endpoint}: crypto→fiat, fiat→crypto and crypto→crypto pairs with minimums and rate_to strings, filterable`, async () => {
      const all = dataOf<
        Array<{ currency_from: Record<string, string>; currency_to: Record<string, string>; rate_from: string; rate_to: string }>
      >(await s.api(endpoint));
      assert.ok(all.length >= 16);
      for (const pair of all) {
        assert.ok(pair.currency_from['type'] === 'crypto' || pair.currency_to['type'] === 'crypto', 'never fiat→fiat');
        assert.notEqual(pair.currency_from['currency'], pair.currency_to['currency']);
        assert.equal(pair.rate_from, '1');
        assert.match(pair.rate_to, DECIMAL);
        assert.match(pair.currency_from['min_amount']!, DECIMAL);
        if (pair.currency_from['type'] === 'crypto') assert.match(pair.currency_from['min_amount_deposit_with_exchange']!, DECIMAL);
      }
      assert.ok(
        all.some((p) => p.currency_from['currency'] === 'EUR' && p.currency_to['currency'] === 'BTC'),
        'fiat→crypto',
      );
      assert.ok(
        all.some((p) => p.currency_from['currency'] === 'BTC' && p.currency_to['currency'] === 'ETH'),
        'crypto→crypto',
      );
      const one = dataOf<typeof all>(await s.api(endpoint, { currency_from: 'BTC', currency_to: 'EUR' }));
      assert.equal(one.length, 1);
      assert.deepEqual([one[0]!.currency_from['currency'], one[0]!.currency_to['currency']], ['BTC', 'EUR']);
      // BTC ≈ 85,000 EUR give or take the wobble.
      assert.ok(Number(one[0]!.rate_to) > 80_000 && Number(one[0]!.rate_to) < 90_000, one[0]!.rate_to);
    });
  }

  it('accounts/list: a balance string for every currency, zero balances included', async () => {
    const balances = dataOf<Array<{ currency: string; type: string; balance: string }>>(await s.api('accounts/list'));
    assert.equal(balances.length, dataOf<unknown[]>(await s.api('currencies/list')).length);
    for (const b of balances) {
      assert.deepEqual(keys(b), ['balance', 'currency', 'type']);
      assert.match(b.balance, DECIMAL);
    }
  });

  it('addresses/take: 201 with id, currency, convert_to, address, tag, foreign_id', async () => {
    const plain = dataOf<Record<string, unknown>>(await s.api('addresses/take', { foreign_id: 'user-id:2048', currency: 'BTC' }), 201);
    assert.deepEqual(keys(plain), ['address', 'convert_to', 'currency', 'foreign_id', 'id', 'tag']);
    assert.equal(plain['convert_to'], null);
    assert.equal(plain['tag'], null);
    assert.equal(plain['foreign_id'], 'user-id:2048');
    const exchange = dataOf<Record<string, unknown>>(
      await s.api('addresses/take', { foreign_id: 'user-id:2048', currency: 'BTC', convert_to: 'EUR' }),
      201,
    );
    assert.equal(exchange['convert_to'], 'EUR');
    const xrp = dataOf<Record<string, unknown>>(await s.api('addresses/take', { foreign_id: 'user-id:2048', currency: 'XRP' }), 201);
    assert.match(String(xrp['tag']), /^\d+$/);
  });

  it('withdrawal/crypto: 201 processing withdrawal, and withdrawal_exchange from a fiat balance', async () => {
    const w = dataOf<Record<string, unknown>>(
      await s.api('withdrawal/crypto', {
        foreign_id: '122929',
        amount: '0.01',
        currency: 'ETH',
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      }),
      201,
    );
    assert.deepEqual(keys(w), [
      'amount',
      'foreign_id',
      'id',
      'receiver_amount',
      'receiver_currency',
      'sender_amount',
      'sender_currency',
      'status',
      'type',
    ]);
    assert.equal(w['type'], 'withdrawal');
    assert.equal(w['status'], 'processing');
    assert.equal(w['receiver_currency'], 'ETH');
    const x = dataOf<Record<string, string>>(
      await s.api('withdrawal/crypto', {
        foreign_id: '122930',
        amount: '3500',
        currency: 'EUR',
        convert_to: 'BTC',
        address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      }),
      201,
    );
    assert.equal(x['type'], 'withdrawal_exchange');
    assert.equal(x['sender_currency'], 'EUR');
    assert.equal(x['receiver_currency'], 'BTC');
    assert.ok(Number(x['receiver_amount']) > 0.03 && Number(x['receiver_amount']) < 0.05, x['receiver_amount']);
  });

  it('exchange/calculate: price fixed for the 60 s window starting at ts_fixed, by sender or receiver amount', async () => {
    const bySender = dataOf<Record<string, unknown>>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' }),
    );
    assert.deepEqual(keys(bySender), [
      'fee_amount',
      'fee_currency',
      'fix_period',
      'price',
      'receiver_amount',
      'receiver_currency',
      'sender_amount',
      'sender_currency',
      'ts_fixed',
      'ts_release',
    ]);
    assert.equal(bySender['fix_period'], 60);
    assert.equal(bySender['ts_fixed'], Math.floor(T0 / 60_000) * 60);
    assert.equal(bySender['ts_release'], (bySender['ts_fixed'] as number) + 60);
    for (const field of ['price', 'receiver_amount', 'fee_amount']) assert.match(bySender[field] as string, DECIMAL, field);
    assert.match(bySender['receiver_amount'] as string, /^\d+\.\d{8}$/, 'EUR at CoinsPaid’s 8 decimals');
    const byReceiver = dataOf<Record<string, string>>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '106.75' }),
    );
    assert.equal(byReceiver['receiver_amount'], '106.75000000', 'echoed padded');
    assert.match(byReceiver['sender_amount']!, /^0\.\d{8}$/, 'BTC at its precision');
  });

  it('exchange/fixed and exchange/now: 201 processing exchanges with the reference fields', async () => {
    const calc = dataOf<{ price: string }>(
      await s.api('exchange/calculate', { sender_currency: 'LTC', receiver_currency: 'USD', sender_amount: '6.5' }),
    );
    const fixed = dataOf<Record<string, unknown>>(
      await s.api('exchange/fixed', {
        sender_currency: 'LTC',
        receiver_currency: 'USD',
        sender_amount: '6.5',
        foreign_id: '134453',
        price: calc.price,
      }),
      201,
    );
    const expected = [
      'fee_amount',
      'fee_currency',
      'foreign_id',
      'id',
      'price',
      'receiver_amount',
      'receiver_currency',
      'sender_amount',
      'sender_currency',
      'status',
      'type',
    ];
    assert.deepEqual(keys(fixed), expected);
    assert.equal(fixed['type'], 'exchange');
    assert.equal(fixed['price'], calc.price);
    const now = dataOf<Record<string, unknown>>(
      await s.api('exchange/now', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '200', foreign_id: '124876' }),
      201,
    );
    assert.deepEqual(keys(now), expected);
    assert.equal(now['status'], 'processing');
  });

  it('futures/rates: addresses, a 100-minute ts_fixed → ts_release window and a rate table keyed by receiver amounts', async () => {
    const address = dataOf<{ address: string }>(
      await s.api('addresses/take', { foreign_id: 'ds23fgk', currency: 'BTC', convert_to: 'USD' }),
      201,
    );
    const f = dataOf<{
      addresses: Array<{ address: string }>;
      ts_fixed: number;
      ts_release: number;
      rates: Record<string, Record<string, string>>;
    }>(await s.api('futures/rates', { address: address.address }));
    assert.deepEqual(keys(f), ['addresses', 'rates', 'ts_fixed', 'ts_release']);
    assert.equal(f.addresses[0]!.address, address.address);
    assert.equal(f.ts_release - f.ts_fixed, 6000);
    assert.ok(f.ts_fixed <= T0 / 1000 && T0 / 1000 < f.ts_release);
    const table = f.rates['BTCUSD']!;
    assert.ok(Object.keys(table).length >= 5);
    for (const [amount, price] of Object.entries(table)) {
      assert.match(amount, /^\d+\.\d{8}$/);
      assert.match(price, DECIMAL);
    }
  });

  it('futures/confirm: the reference shape with the address object and the window', async () => {
    const address = dataOf<{ address: string }>(
      await s.api('addresses/take', { foreign_id: 'fc', currency: 'BTC', convert_to: 'USD' }),
      201,
    );
    const c = dataOf<Record<string, unknown>>(
      await s.api('futures/confirm', { address: address.address, sender_currency: 'BTC', receiver_currency: 'USD', receiver_amount: '30' }),
    );
    assert.deepEqual(keys(c), [
      'address',
      'fee_amount',
      'fee_currency',
      'futures_id',
      'price',
      'receiver_amount',
      'receiver_currency',
      'sender_amount',
      'sender_currency',
      'ts_fixed',
      'ts_release',
    ]);
    assert.equal((c['address'] as { address: string }).address, address.address);
    assert.equal(Number(c['receiver_amount']), 30);
    assert.equal((c['ts_release'] as number) - (c['ts_fixed'] as number), 6000);
  });

  it('invoices/create: 200 with an opaque url on the requested host, status created and a 15-minute timer', async () => {
    const inv = dataOf<Record<string, unknown>>(await s.api('invoices/create', invoiceBody('164')));
    for (const field of [
      'id',
      'url',
      'foreign_id',
      'name',
      'status',
      'currency',
      'amount',
      'sender_currency',
      'sender_amount',
      'fixed_at',
      'release_at',
    ]) {
      assert.ok(field in inv, field);
    }
    assert.equal(inv['status'], 'created');
    assert.equal(inv['name'], 'Order 164');
    assert.ok(String(inv['url']).startsWith(`${s.url}/`), String(inv['url']));
    assert.match(String(inv['url']), /\/invoice\/[A-Za-z0-9]+$/);
    assert.equal((inv['release_at'] as number) - (inv['fixed_at'] as number), 900);
    assert.equal(inv['sender_amount'], null);
  });

  it('invoices/create with sender_currency: sender_amount at the rate and an address (and tag) to pay', async () => {
    const btc = dataOf<Record<string, unknown>>(await s.api('invoices/create', invoiceBody('165', { sender_currency: 'BTC' })));
    assert.equal(btc['sender_currency'], 'BTC');
    assert.match(String(btc['sender_amount']), /^0\.\d{8}$/);
    assert.ok(Number(btc['sender_amount']) > 106.75 / 90_000 && Number(btc['sender_amount']) < 106.75 / 80_000);
    assert.match(String(btc['address']), /^bc1q/);
    const xrp = dataOf<Record<string, unknown>>(await s.api('invoices/create', invoiceBody('166', { sender_currency: 'XRP' })));
    assert.match(String(xrp['address']), /^r/);
    assert.match(String(xrp['tag']), /^\d+$/);
  });

  it('invoices/create accepts type good_until_expired', async () => {
    const inv = await s.api('invoices/create', invoiceBody('167', { type: 'good_until_expired' }));
    assert.equal(inv.status, 200, inv.text);
  });

  // From the former emulator suite.
  it('creates an invoice with a 15-minute window and an address when the sender currency is fixed', async () => {
    const data = dataOf<{ status: string; fixed_at: number; release_at: number; address: string; sender_amount: string }>(
      await s.api('invoices/create', invoiceBody('inv-a', { title: 'Order', email_user: 'c@shop.example', sender_currency: 'BTC' })),
    );
    assert.equal(data.status, 'created');
    assert.equal(data.release_at - data.fixed_at, 900);
    assert.match(data.address, /^bc1q/);
    assert.match(data.sender_amount, /^0\.\d{8}$/);
  });
});
