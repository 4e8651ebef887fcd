/**
 * Bad input for every endpoint of the sandbox's API v2 answered 400 with the field named, in CoinsPaid's wording,
 * and never a 500 nor a non-JSON body, whatever junk is in whichever field.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorsOf, invoiceBody } from '../helpers/sandbox-client.js';
import { startSandbox, useSandbox } from '../helpers/use-sandbox.js';

const s = useSandbox();

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
  // Crypto→crypto is a pair (issue 16); converting a currency into itself is not.
  ['addresses/take', with_('addresses/take', { convert_to: 'BTC' }), 'convert_to'],
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
    with_('exchange/calculate', { receiver_currency: 'BTC' }),
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

/** More rows, from the former emulator suite: smaller bodies broken differently (rows identical to the above dropped). */
const SMALL_INVOICE: Record<string, unknown> = {
  timer: true,
  title: 't',
  currency: 'EUR',
  amount: '10',
  foreign_id: 'i',
  url_success: 'https://a.example',
  url_failed: 'https://a.example',
  email_user: 'a@b.example',
};
const smallInvoice = (patch: Record<string, unknown>, drop: string[] = []): Record<string, unknown> => {
  const body = { ...SMALL_INVOICE, ...patch };
  for (const key of drop) delete body[key];
  return body;
};
const SHORT_WITHDRAWAL = { foreign_id: 'w', amount: '0.01', currency: 'BTC', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' };
BAD_INPUT.push(
  ['addresses/take', { foreign_id: 'a' }, 'currency'],
  ['addresses/take', { foreign_id: 'a', currency: 'EUR' }, 'currency'],
  ['addresses/take', { foreign_id: 'a', currency: 'ETH', convert_to: 'ETH' }, 'convert_to'],
  ['addresses/take', { foreign_id: 'x'.repeat(10_000), currency: 'BTC' }, 'foreign_id'],
  ['withdrawal/crypto', { amount: '0.01', currency: 'BTC', address: 'bc1q' }, 'foreign_id'],
  ['withdrawal/crypto', { foreign_id: 'w', currency: 'BTC', address: 'bc1q' }, 'amount'],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, amount: '-1' }, 'amount'],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, amount: '0.00000001' }, 'amount'],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, amount: '1e3' }, 'amount'],
  ['withdrawal/crypto', { foreign_id: 'w', amount: '0.01', currency: 'BTC' }, 'address'],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, amount: '99999' }, 'amount'],
  ['exchange/calculate', { receiver_currency: 'EUR', sender_amount: '1' }, 'sender_currency'],
  ['exchange/calculate', { sender_currency: 'EUR', receiver_currency: 'USD', sender_amount: '100' }, 'sender_currency'],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, address: 'not-an-address' }, 'address', /^The address is not a valid BTC address/],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdQ' }, 'address'],
  [
    'withdrawal/crypto',
    { ...SHORT_WITHDRAWAL, currency: 'ETH', amount: '0.5', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' },
    'address',
  ],
  ['withdrawal/crypto', { ...SHORT_WITHDRAWAL, currency: 'EUR', amount: '100', convert_to: 'ETH' }, 'address'],
  ['exchange/fixed', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', foreign_id: 'f' }, 'price'],
  ['exchange/fixed', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', foreign_id: 'f', price: '1' }, 'price'],
  ['exchange/now', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '1', foreign_id: 'n' }, 'sender_amount'],
  ['futures/confirm', { address: 'x', sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10' }, 'address'],
  ['invoices/create', smallInvoice({}, ['timer']), 'timer'],
  ['invoices/create', smallInvoice({}, ['title']), 'title'],
  ['invoices/create', smallInvoice({ url_success: 'javascript:alert(1)' }), 'url_success'],
  ['invoices/create', smallInvoice({ email_user: 'not-an-email' }), 'email_user'],
  ['invoices/create', smallInvoice({ amount: '1' }), 'amount'],
  ['invoices/create', smallInvoice({ timer: false, sender_currency: 'BTC' }), 'sender_currency'],
  ['invoices/create', smallInvoice({ type: 'whatever' }), 'type'],
);

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
    const sweep = await startSandbox({ clock: s.clock, clientIp: (c) => c.req.header('x-sweep-ip') ?? 'sweep' });
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
