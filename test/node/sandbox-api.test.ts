/**
 * The sandbox's API v2 surface over real HTTP: authentication like CoinsPaid, every endpoint's happy path and
 * reference shape, and bad input for every endpoint answered 400 with the field named (never a 500).
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { createSandbox, SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET, type SandboxApp } from '../../src/server/sandbox/index.js';
import { listen, type RunningServer } from '../helpers/serve.js';
import {
  apiKey,
  apiSecret,
  callApi,
  dataOf,
  errorsOf,
  invoiceBody,
  ManualClock,
  sign,
  startSandbox,
  T0,
  type RunningSandbox,
} from './sandbox-harness.test.js';

const clock = new ManualClock(T0);
let s: RunningSandbox;

before(async () => {
  s = await startSandbox({ clock });
});
beforeEach(async () => {
  await s.control('reset');
});
after(async () => {
  await s.close();
});

const DECIMAL = /^\d+(\.\d+)?$/;
const keys = (value: unknown) => Object.keys(value as object).sort();

/** GET with a body: fetch refuses to send one, CoinsPaid clients in the wild do. */
function getWithBody(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('sandbox API authentication', () => {
  it('answers GET ping with 200 OK without any credentials', async () => {
    const response = await fetch(`${s.url}/api/v2/ping`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'OK');
  });

  it('answers ping sent as a GET carrying a signed {} body, and as a signed POST', async () => {
    const get = await getWithBody(`${s.url}/api/v2/ping`, '{}', {
      'X-Processing-Key': apiKey,
      'X-Processing-Signature': sign(apiSecret, '{}'),
    });
    assert.deepEqual(get, { status: 200, text: 'OK' });
    const post = await s.api('ping', {});
    assert.equal(post.status, 200);
    assert.equal(post.text, 'OK');
  });

  it('accepts a signed {}, null, and an empty body for calls without parameters', async () => {
    for (const body of ['{}', 'null', '']) {
      const a = await s.api('accounts/list', body);
      assert.equal(a.status, 200, `body ${JSON.stringify(body)}: ${a.text}`);
    }
  });

  const refusals: Array<[string, Parameters<typeof callApi>[3]]> = [
    ['a wrong key', { key: 'someone-else' }],
    ['a signature made with another secret', { secret: 'not-the-secret' }],
    ['a signature that is not hex', { signature: 'z'.repeat(128) }],
    ['a truncated signature', { signature: sign(apiSecret, '{}').slice(0, 64) }],
    ['no key header', { key: null }],
    ['no signature header', { signature: null }],
    ['no headers at all', { key: null, signature: null }],
  ];
  for (const [what, options] of refusals) {
    it(`refuses ${what} with 403 and a JSON {error, code} body`, async () => {
      const a = await s.api('currencies/list', '{}', options);
      assert.equal(a.status, 403, a.text);
      assert.match(a.contentType, /application\/json/);
      const body = a.json as { error: unknown; code: unknown };
      assert.equal(typeof body.error, 'string');
      assert.equal(typeof body.code, 'string');
    });
  }

  it('refuses a body changed after signing (the signature covers the exact bytes)', async () => {
    const signed = '{"currency":"BTC","foreign_id":"1"}';
    const a = await s.api('addresses/take', '{"currency":"BTC", "foreign_id":"1"}', { signature: sign(apiSecret, signed) });
    assert.equal(a.status, 403);
  });

  it('verifies the signature over raw bytes, so a re-encoded body with escaped slashes still has to match its own bytes', async () => {
    const raw = '{"foreign_id":"user\\/2048","currency":"BTC"}';
    const a = await s.api('addresses/take', raw);
    assert.equal(dataOf<{ foreign_id: string }>(a, 201).foreign_id, 'user/2048');
  });

  it('answers 400 {"errors":{"body":…}} for a correctly signed body that is not JSON', async () => {
    for (const body of ['not json', '{"currency":', '\u0000']) {
      const a = await s.api('currencies/list', body);
      assert.equal(a.status, 400, a.text);
      assert.equal(typeof errorsOf(a)['body'], 'string');
    }
  });

  it('answers 400 for a JSON body that is not an object (a non-empty array, a string, a number)', async () => {
    for (const body of ['[1,2]', '"BTC"', '42', 'true']) {
      const a = await s.api('addresses/take', body);
      assert.equal(a.status, 400, `${body}: ${a.text}`);
      assert.ok(Object.keys(errorsOf(a)).length > 0);
    }
  });

  it('answers an unknown endpoint with 404 JSON', async () => {
    const a = await s.api('balances/steal');
    assert.equal(a.status, 404);
    assert.ok(a.json);
  });

  it('uses fixed demo credentials when none are given', async () => {
    const demo = createSandbox({ clock });
    const server = await listen(demo.fetch);
    try {
      const a = await callApi(server.url, 'accounts/list', {}, { key: SANDBOX_DEMO_API_KEY, secret: SANDBOX_DEMO_API_SECRET });
      assert.equal(a.status, 200);
      assert.equal((await callApi(server.url, 'accounts/list', {})).status, 403);
    } finally {
      demo.dispose();
      await server.close();
    }
  });
});

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
    it(`${endpoint}: crypto→fiat and fiat→crypto pairs with minimums and rate_to strings, filterable`, async () => {
      const all = dataOf<
        Array<{ currency_from: Record<string, string>; currency_to: Record<string, string>; rate_from: string; rate_to: string }>
      >(await s.api(endpoint));
      assert.ok(all.length >= 16);
      for (const pair of all) {
        assert.notEqual(pair.currency_from['type'], pair.currency_to['type'], 'crypto↔fiat only');
        assert.equal(pair.rate_from, '1');
        assert.match(pair.rate_to, DECIMAL);
        assert.match(pair.currency_from['min_amount']!, DECIMAL);
        if (pair.currency_from['type'] === 'crypto') assert.match(pair.currency_from['min_amount_deposit_with_exchange']!, DECIMAL);
      }
      assert.ok(
        all.some((p) => p.currency_from['currency'] === 'EUR' && p.currency_to['currency'] === 'BTC'),
        'fiat→crypto',
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
    assert.match(bySender['receiver_amount'] as string, /^\d+\.\d{2}$/, 'EUR at its precision');
    const byReceiver = dataOf<Record<string, string>>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '106.75' }),
    );
    assert.equal(byReceiver['receiver_amount'], '106.75');
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
});

/** Valid bodies per endpoint; the table below breaks one field at a time. */
const VALID: Record<string, Record<string, unknown>> = {
  'addresses/take': { foreign_id: 'v-1', currency: 'BTC' },
  'withdrawal/crypto': { foreign_id: 'v-w', amount: '0.01', currency: 'BTC', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' },
  'exchange/calculate': { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.5' },
  'exchange/now': { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', foreign_id: 'v-n' },
  'exchange/fixed': { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', foreign_id: 'v-f', price: '85000' },
  'futures/confirm': { address: 'x', sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '100' },
  'invoices/create': invoiceBody('v-i'),
};

const HUGE = 'x'.repeat(100_000);
const with_ = (endpoint: string, patch: Record<string, unknown>, drop: string[] = []): Record<string, unknown> => {
  const body = { ...VALID[endpoint], ...patch };
  for (const key of drop) delete body[key];
  return body;
};

const BAD_INPUT: Array<[string, unknown, string, RegExp?]> = [
  ['currencies/list', { visible: 'maybe' }, 'visible'],
  ['currencies/list', { visible: [true] }, 'visible'],
  ['currencies/pairs', { currency_from: 'XXX' }, 'currency_from', /^The selected currency from is invalid\.$/],
  ['currencies/pairs', { currency_to: 42.5 }, 'currency_to'],
  ['currencies/pairs', { currency_from: HUGE }, 'currency_from'],
  ['currencies/rates', { currency_from: ['BTC'] }, 'currency_from'],
  ['currencies/rates', { currency_to: { iso: 'EUR' } }, 'currency_to'],
  ['addresses/take', with_('addresses/take', {}, ['foreign_id']), 'foreign_id', /^The foreign id field is required\.$/],
  ['addresses/take', with_('addresses/take', { foreign_id: '' }), 'foreign_id'],
  ['addresses/take', with_('addresses/take', { foreign_id: null }), 'foreign_id'],
  ['addresses/take', with_('addresses/take', { foreign_id: { nested: true } }), 'foreign_id'],
  ['addresses/take', with_('addresses/take', { foreign_id: ['a'] }), 'foreign_id'],
  ['addresses/take', with_('addresses/take', { foreign_id: HUGE }), 'foreign_id'],
  ['addresses/take', with_('addresses/take', {}, ['currency']), 'currency', /^The currency field is required\.$/],
  ['addresses/take', with_('addresses/take', { currency: 'DOGECOIN' }), 'currency', /^The selected currency is invalid\.$/],
  ['addresses/take', with_('addresses/take', { currency: 'btc' }), 'currency'],
  ['addresses/take', with_('addresses/take', { currency: '<script>' }), 'currency'],
  ['addresses/take', with_('addresses/take', { currency: 'EUR' }), 'currency'],
  ['addresses/take', with_('addresses/take', { convert_to: 'ETH' }), 'convert_to'],
  ['addresses/take', with_('addresses/take', { convert_to: 'GBP' }), 'convert_to'],
  ['addresses/take', with_('addresses/take', { convert_to: true }), 'convert_to'],
  ['withdrawal/crypto', with_('withdrawal/crypto', {}, ['foreign_id']), 'foreign_id'],
  ['withdrawal/crypto', with_('withdrawal/crypto', {}, ['amount']), 'amount', /^The amount field is required\.$/],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '-1' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '0' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '1e3' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '0x10' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: 'NaN' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: 'Infinity' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '1,5' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: ' 1' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '9'.repeat(5000) }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: { value: '1' } }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '0.00000001' }), 'amount', /^The amount must be at least \d/],
  ['withdrawal/crypto', with_('withdrawal/crypto', { amount: '99999' }), 'amount'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { currency: 'XYZ' }), 'currency', /^The selected currency is invalid\.$/],
  ['withdrawal/crypto', with_('withdrawal/crypto', { convert_to: 'XYZ' }), 'convert_to'],
  ['withdrawal/crypto', with_('withdrawal/crypto', {}, ['address']), 'address', /^The address field is required\.$/],
  ['withdrawal/crypto', with_('withdrawal/crypto', { address: HUGE }), 'address'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { address: ['bc1q'] }), 'address'],
  ['withdrawal/crypto', with_('withdrawal/crypto', { tag: HUGE }), 'tag'],
  ['exchange/calculate', with_('exchange/calculate', {}, ['sender_amount']), 'sender_amount'],
  [
    'exchange/calculate',
    with_('exchange/calculate', {}, ['sender_currency']),
    'sender_currency',
    /^The sender currency field is required\.$/,
  ],
  ['exchange/calculate', with_('exchange/calculate', {}, ['receiver_currency']), 'receiver_currency'],
  [
    'exchange/calculate',
    with_('exchange/calculate', { receiver_currency: 'ETH' }),
    'sender_currency',
    /^Exchange is unavailable for given currencies$/,
  ],
  ['exchange/calculate', with_('exchange/calculate', { sender_amount: 'lots' }), 'sender_amount'],
  ['exchange/calculate', with_('exchange/calculate', { sender_amount: '-0.5' }), 'sender_amount'],
  ['exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: [] }, 'receiver_amount'],
  ['exchange/now', with_('exchange/now', {}, ['foreign_id']), 'foreign_id'],
  ['exchange/now', with_('exchange/now', { sender_amount: '1' }), 'sender_amount', /^The amount must be at least \d/],
  ['exchange/now', with_('exchange/now', { sender_amount: '-100' }), 'sender_amount'],
  ['exchange/now', with_('exchange/now', { sender_currency: 'USD', receiver_currency: 'EUR' }), 'sender_currency'],
  ['exchange/now', with_('exchange/now', { sender_amount: '9999999' }), 'sender_amount'],
  ['exchange/fixed', with_('exchange/fixed', {}, ['price']), 'price'],
  ['exchange/fixed', with_('exchange/fixed', { price: '1' }), 'price'],
  ['exchange/fixed', with_('exchange/fixed', { price: 'market' }), 'price'],
  ['exchange/fixed', with_('exchange/fixed', {}, ['foreign_id']), 'foreign_id'],
  ['futures/rates', {}, 'address', /^The address field is required\.$/],
  ['futures/rates', { address: 'not-an-address-of-ours' }, 'address', /^Address is not found, incorrect or without exchange$/],
  ['futures/rates', { address: 12345 }, 'address'],
  ['futures/rates', { address: HUGE }, 'address'],
  ['futures/confirm', with_('futures/confirm', {}, ['receiver_amount']), 'receiver_amount'],
  ['futures/confirm', with_('futures/confirm', { receiver_amount: '-5' }), 'receiver_amount'],
  ['futures/confirm', with_('futures/confirm', {}), 'address'],
  ['futures/confirm', with_('futures/confirm', { sender_currency: 'NOPE' }), 'sender_currency'],
  ['invoices/create', with_('invoices/create', {}, ['timer']), 'timer'],
  ['invoices/create', with_('invoices/create', { timer: 'sometimes' }), 'timer'],
  ['invoices/create', with_('invoices/create', {}, ['title']), 'title', /^The title field is required\.$/],
  ['invoices/create', with_('invoices/create', { title: HUGE }), 'title'],
  ['invoices/create', with_('invoices/create', {}, ['currency']), 'currency'],
  ['invoices/create', with_('invoices/create', { currency: 'ZZZ' }), 'currency'],
  ['invoices/create', with_('invoices/create', { sender_currency: 'ZZZ' }), 'sender_currency'],
  ['invoices/create', with_('invoices/create', {}, ['amount']), 'amount'],
  ['invoices/create', with_('invoices/create', { amount: '1' }), 'amount', /^The amount must be at least \d/],
  ['invoices/create', with_('invoices/create', { amount: '-106.75' }), 'amount'],
  ['invoices/create', with_('invoices/create', {}, ['foreign_id']), 'foreign_id'],
  ['invoices/create', with_('invoices/create', {}, ['url_success']), 'url_success'],
  ['invoices/create', with_('invoices/create', { url_success: 'javascript:alert(1)' }), 'url_success'],
  ['invoices/create', with_('invoices/create', { url_failed: 'ftp://shop.example' }), 'url_failed'],
  ['invoices/create', with_('invoices/create', { url_failed: 'not a url' }), 'url_failed'],
  ['invoices/create', with_('invoices/create', {}, ['email_user']), 'email_user'],
  ['invoices/create', with_('invoices/create', { email_user: 'not-an-email' }), 'email_user'],
  ['invoices/create', with_('invoices/create', { email_user: ['a@b.example'] }), 'email_user'],
  ['invoices/create', with_('invoices/create', { type: 'whatever' }), 'type'],
  ['invoices/create', with_('invoices/create', { timer: false, sender_currency: 'BTC' }), 'sender_currency'],
];

describe('sandbox API: bad input for every endpoint is a 400 naming the field', () => {
  for (const [endpoint, body, field, message] of BAD_INPUT) {
    const shown = JSON.stringify(body).slice(0, 80);
    it(`${endpoint} ${shown} → 400 errors.${field}`, async () => {
      const a = await s.api(endpoint, body);
      assert.equal(a.status, 400, a.text.slice(0, 300));
      assert.match(a.contentType, /application\/json/);
      const errors = errorsOf(a);
      assert.equal(typeof errors[field], 'string', a.text.slice(0, 300));
      if (message) assert.match(errors[field]!, message);
    });
  }

  const JUNK: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e21,
    1e308,
    '',
    ' ',
    '\t\n',
    '-1',
    '0',
    '0.0',
    '1e3',
    '0x10',
    'Infinity',
    '1,5',
    '１',
    '١',
    'NaN',
    '9'.repeat(5000),
    '0.' + '1'.repeat(5000),
    '<img src=x onerror=alert(1)>',
    HUGE,
    [],
    ['BTC'],
    [null],
    {},
    { $gt: '' },
    '\u0000',
    '../../etc/passwd',
  ];
  /** The fields each endpoint reads; junk elsewhere is ignored by design. */
  const FIELDS: Record<string, string[]> = {
    'currencies/list': ['visible'],
    'currencies/pairs': ['currency_from', 'currency_to'],
    'currencies/rates': ['currency_from', 'currency_to'],
    'accounts/list': ['foreign_id'],
    'addresses/take': ['foreign_id', 'currency', 'convert_to'],
    'withdrawal/crypto': ['foreign_id', 'amount', 'currency', 'convert_to', 'address', 'tag'],
    'exchange/calculate': ['sender_currency', 'receiver_currency', 'sender_amount', 'receiver_amount'],
    'exchange/fixed': ['sender_currency', 'receiver_currency', 'sender_amount', 'foreign_id', 'price'],
    'exchange/now': ['sender_currency', 'receiver_currency', 'sender_amount', 'foreign_id'],
    'futures/rates': ['address'],
    'futures/confirm': ['address', 'sender_currency', 'receiver_currency', 'receiver_amount'],
    'invoices/create': [
      'timer',
      'title',
      'description',
      'currency',
      'sender_currency',
      'amount',
      'foreign_id',
      'url_success',
      'url_failed',
      'email_user',
      'type',
    ],
  };

  it('never answers 500 nor a non-JSON body to junk in any field of any endpoint', async () => {
    // Its own sandbox, with a client IP per request so the exchange/calculate limit never masks what junk does.
    const sweep = await startSandbox({ clock, clientIp: (c) => c.req.header('x-sweep-ip') ?? 'sweep' });
    const failures: string[] = [];
    let calls = 0;
    try {
      for (const [endpoint, fields] of Object.entries(FIELDS)) {
        for (const field of fields) {
          await Promise.all(
            JUNK.map(async (value) => {
              const n = calls++;
              // A fresh foreign_id per call, so uniqueness never hides what the junk does (unless junk is the foreign_id).
              const body: Record<string, unknown> = { ...(VALID[endpoint] ?? {}), foreign_id: `junk-${n}`, [field]: value };
              const a = await sweep.api(endpoint, body, { headers: { 'x-sweep-ip': `ip-${n}` } });
              if (a.status >= 500 || a.json === undefined || ![200, 201, 400].includes(a.status)) {
                failures.push(`${endpoint} ${field}=${JSON.stringify(value)?.slice(0, 30)} → ${a.status} ${a.text.slice(0, 80)}`);
              }
            }),
          );
        }
      }
    } finally {
      await sweep.close();
    }
    assert.deepEqual(failures, []);
  });

  it('answers 400 to exchange/calculate whose sender_amount is null, empty or blank and receiver_amount absent', async () => {
    for (const sender_amount of [null, '', '  ']) {
      const a = await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount });
      assert.equal(a.status, 400, a.text);
      assert.equal(errorsOf(a)['sender_amount'], 'The sender amount field is required when receiver amount is not present.');
    }
  });

  it('answers 400 to exchange/calculate whose amounts are both null, and names a bad receiver_amount itself', async () => {
    const both = await s.api('exchange/calculate', {
      sender_currency: 'BTC',
      receiver_currency: 'EUR',
      sender_amount: null,
      receiver_amount: null,
    });
    assert.equal(both.status, 400, both.text);
    assert.ok(errorsOf(both)['sender_amount']);
    const bad = await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: ['10'] });
    assert.equal(bad.status, 400, bad.text);
    assert.match(errorsOf(bad)['receiver_amount']!, /positive number/);
  });

  it('treats a blank string as a missing required field, as Laravel trims input', async () => {
    const a = await s.api('addresses/take', { foreign_id: '   ', currency: 'BTC' });
    assert.equal(a.status, 400, a.text);
    assert.equal(errorsOf(a)['foreign_id'], 'The foreign id field is required.');
  });

  it('answers a deeply nested body without failing', async () => {
    const deep = '{"foreign_id":' + '['.repeat(5000) + ']'.repeat(5000) + ',"currency":"BTC"}';
    const a = await s.api('addresses/take', deep);
    assert.equal(a.status, 400);
  });
});

describe('sandbox API mounted under /sandbox, as npm start serves it', () => {
  let mounted: SandboxApp;
  let server: RunningServer;
  before(async () => {
    mounted = createSandbox({ apiKey, apiSecret, clock });
    const app = new Hono();
    app.route('/sandbox', mounted);
    server = await listen(app.fetch);
  });
  after(async () => {
    mounted.dispose();
    await server.close();
  });

  it('serves the API and the control API under the mount point', async () => {
    assert.equal(await (await fetch(`${server.url}/sandbox/api/v2/ping`)).text(), 'OK');
    const take = await callApi(`${server.url}/sandbox`, 'addresses/take', { foreign_id: 'm', currency: 'BTC' });
    assert.equal(take.status, 201);
    const stats = (await (await fetch(`${server.url}/sandbox/control/stats`)).json()) as Record<string, number>;
    assert.equal(stats['addresses/take'], 1);
    assert.equal((await callApi(`${server.url}/sandbox`, 'accounts/list', {}, { secret: 'wrong' })).status, 403);
  });

  it('builds invoice URLs on the host the merchant called', async () => {
    const inv = dataOf<{ url: string }>(await callApi(`${server.url}/sandbox`, 'invoices/create', invoiceBody('mounted-1')));
    assert.ok(inv.url.startsWith(`${server.url}/sandbox/`), inv.url);
  });
});
