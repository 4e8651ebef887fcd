import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { scaledClock } from '../../src/core/clock.js';
import { signPayload, verifyCallback } from '../../src/server/coinspaid/index.js';
import { CALLBACK_RETRY_MINUTES, createSandbox, type SandboxApp } from '../../src/server/sandbox/index.js';
import { rawApi } from '../helpers/sandbox-client.js';
import { listen, type RunningServer } from '../helpers/serve.js';

const apiKey = 'emulator-key';
const apiSecret = 'emulator-secret';

interface Received {
  raw: Uint8Array;
  headers: Headers;
  at: number;
}

let sandbox: SandboxApp;
let server: RunningServer;
let receiver: RunningServer;
let received: Received[] = [];
/** Status codes the callback receiver answers to not_confirmed callbacks, in order; then 200. */
let answers: number[] = [];
const clock = scaledClock(3000); // one API minute in 20 ms of wall time
let api: ReturnType<typeof rawApi>;

async function control(path: string, body?: unknown, method = 'POST') {
  const response = await fetch(`${server.url}/control/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function bodies(): Array<Record<string, unknown>> {
  return received.map((r) => JSON.parse(new TextDecoder().decode(r.raw)) as Record<string, unknown>);
}

before(async () => {
  const app = new Hono();
  app.post('/cb', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    received.push({ raw, headers: new Headers(c.req.raw.headers), at: clock.now() });
    const refused = new TextDecoder().decode(raw).includes('"not_confirmed"') ? answers.shift() : undefined;
    return c.text('', (refused ?? 200) as 200);
  });
  receiver = await listen(app.fetch);
  sandbox = createSandbox({ apiKey, apiSecret, clock, callbackUrl: `${receiver.url}/cb`, confirmationDelayMs: 30_000 });
  server = await listen(sandbox.fetch);
  api = rawApi(server.url, apiKey, apiSecret);
});

beforeEach(async () => {
  await control('reset');
  await control('config', { callback_url: `${receiver.url}/cb`, duplicate_callbacks: false });
  received = [];
  answers = [];
});

after(async () => {
  sandbox.dispose();
  await server.close();
  await receiver.close();
});

describe('sandbox authentication', () => {
  it('answers ping without credentials', async () => {
    const response = await fetch(`${server.url}/api/v2/ping`);
    assert.equal(response.status, 200);
  });

  it('accepts a signed {} , null and [] for calls without parameters', async () => {
    for (const body of ['{}', 'null', '[]']) assert.equal((await api('accounts/list', body)).status, 200, body);
  });

  it('refuses a wrong key, a wrong signature and missing headers with 403 and a JSON body', async () => {
    const body = '{}';
    const cases: Array<Record<string, string>> = [
      { 'X-Processing-Key': 'someone-else' },
      { 'X-Processing-Signature': signPayload('wrong', body) },
      { 'X-Processing-Signature': '' },
    ];
    for (const headers of cases) {
      const answer = await api('currencies/list', body, headers);
      assert.equal(answer.status, 403);
      assert.equal(typeof (answer.json as { error: unknown }).error, 'string');
    }
  });

  it('refuses a body signed before being changed', async () => {
    const response = await fetch(`${server.url}/api/v2/addresses/take`, {
      method: 'POST',
      headers: { 'X-Processing-Key': apiKey, 'X-Processing-Signature': signPayload(apiSecret, '{"currency":"BTC","foreign_id":"1"}') },
      body: '{"currency":"ETH","foreign_id":"1"}',
    });
    assert.equal(response.status, 403);
  });

  it('answers 400 with a JSON error for a signed body that is not JSON', async () => {
    const answer = await api('currencies/list', 'not json');
    assert.equal(answer.status, 400);
    assert.ok((answer.json as { errors: Record<string, string> }).errors['body']);
  });
});

describe('sandbox validation: bad input for every endpoint is a 400 naming the field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['currencies/list', { visible: 'maybe' }, 'visible'],
    ['currencies/pairs', { currency_from: 'XXX' }, 'currency_from'],
    ['currencies/pairs', { currency_to: 42.5 }, 'currency_to'],
    ['currencies/rates', { currency_from: ['BTC'] }, 'currency_from'],
    ['addresses/take', { currency: 'BTC' }, 'foreign_id'],
    ['addresses/take', { foreign_id: 'a' }, 'currency'],
    ['addresses/take', { foreign_id: 'a', currency: 'EUR' }, 'currency'],
    ['addresses/take', { foreign_id: 'a', currency: 'BTC', convert_to: 'ETH' }, 'convert_to'],
    ['addresses/take', { foreign_id: { nested: true }, currency: 'BTC' }, 'foreign_id'],
    ['addresses/take', { foreign_id: 'x'.repeat(10_000), currency: 'BTC' }, 'foreign_id'],
    ['withdrawal/crypto', { amount: '0.01', currency: 'BTC', address: 'bc1q' }, 'foreign_id'],
    ['withdrawal/crypto', { foreign_id: 'w', currency: 'BTC', address: 'bc1q' }, 'amount'],
    ['withdrawal/crypto', { foreign_id: 'w', amount: '-1', currency: 'BTC', address: 'bc1q' }, 'amount'],
    ['withdrawal/crypto', { foreign_id: 'w', amount: '0.00000001', currency: 'BTC', address: 'bc1q' }, 'amount'],
    ['withdrawal/crypto', { foreign_id: 'w', amount: '1e3', currency: 'BTC', address: 'bc1q' }, 'amount'],
    ['withdrawal/crypto', { foreign_id: 'w', amount: '0.01', currency: 'BTC' }, 'address'],
    ['withdrawal/crypto', { foreign_id: 'w', amount: '99999', currency: 'BTC', address: 'bc1q' }, 'amount'],
    ['exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR' }, 'sender_amount'],
    ['exchange/calculate', { receiver_currency: 'EUR', sender_amount: '1' }, 'sender_currency'],
    ['exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'ETH', sender_amount: '1' }, 'sender_currency'],
    ['exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: 'lots' }, 'sender_amount'],
    ['exchange/fixed', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', foreign_id: 'f' }, 'price'],
    ['exchange/fixed', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100', foreign_id: 'f', price: '1' }, 'price'],
    ['exchange/now', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100' }, 'foreign_id'],
    ['exchange/now', { sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '1', foreign_id: 'n' }, 'sender_amount'],
    ['futures/rates', {}, 'address'],
    ['futures/rates', { address: 'not-an-address-of-ours' }, 'address'],
    ['futures/confirm', { address: 'x', sender_currency: 'BTC', receiver_currency: 'EUR' }, 'receiver_amount'],
    ['futures/confirm', { address: 'x', sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '10' }, 'address'],
    [
      'invoices/create',
      {
        title: 't',
        currency: 'EUR',
        amount: '10',
        foreign_id: 'i',
        url_success: 'https://a.example',
        url_failed: 'https://a.example',
        email_user: 'a@b.example',
      },
      'timer',
    ],
    [
      'invoices/create',
      {
        timer: true,
        currency: 'EUR',
        amount: '10',
        foreign_id: 'i',
        url_success: 'https://a.example',
        url_failed: 'https://a.example',
        email_user: 'a@b.example',
      },
      'title',
    ],
    [
      'invoices/create',
      {
        timer: true,
        title: 't',
        currency: 'EUR',
        amount: '10',
        foreign_id: 'i',
        url_success: 'javascript:alert(1)',
        url_failed: 'https://a.example',
        email_user: 'a@b.example',
      },
      'url_success',
    ],
    [
      'invoices/create',
      {
        timer: true,
        title: 't',
        currency: 'EUR',
        amount: '10',
        foreign_id: 'i',
        url_success: 'https://a.example',
        url_failed: 'https://a.example',
        email_user: 'not-an-email',
      },
      'email_user',
    ],
    [
      'invoices/create',
      {
        timer: true,
        title: 't',
        currency: 'EUR',
        amount: '1',
        foreign_id: 'i',
        url_success: 'https://a.example',
        url_failed: 'https://a.example',
        email_user: 'a@b.example',
      },
      'amount',
    ],
    [
      'invoices/create',
      {
        timer: false,
        title: 't',
        currency: 'EUR',
        sender_currency: 'BTC',
        amount: '10',
        foreign_id: 'i',
        url_success: 'https://a.example',
        url_failed: 'https://a.example',
        email_user: 'a@b.example',
      },
      'sender_currency',
    ],
    [
      'invoices/create',
      {
        timer: true,
        title: 't',
        currency: 'EUR',
        amount: '10',
        foreign_id: 'i',
        url_success: 'https://a.example',
        url_failed: 'https://a.example',
        email_user: 'a@b.example',
        type: 'whatever',
      },
      'type',
    ],
  ];
  for (const [endpoint, body, field] of cases) {
    it(`${endpoint}: ${JSON.stringify(body).slice(0, 90)} → errors.${field}`, async () => {
      const answer = await api(endpoint, body);
      assert.equal(answer.status, 400, answer.text);
      assert.ok((answer.json as { errors: Record<string, string> }).errors[field], answer.text);
    });
  }

  it('answers 404 JSON for an unknown endpoint', async () => {
    const answer = await api('balances/steal');
    assert.equal(answer.status, 404);
    assert.ok(answer.json);
  });
});

describe('sandbox state', () => {
  it('rates are the same within a fix period and for the same seed, and move between periods', async () => {
    const calc = async () =>
      (await api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' })).json as {
        data: { price: string; ts_fixed: number; ts_release: number };
      };
    const a = await calc();
    const twin = createSandbox({ apiKey, apiSecret, clock });
    const twinServer = await listen(twin.fetch);
    try {
      const b = (
        await rawApi(
          twinServer.url,
          apiKey,
          apiSecret,
        )('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' })
      ).json as typeof a;
      if (b.data.ts_fixed === a.data.ts_fixed) assert.equal(b.data.price, a.data.price);
    } finally {
      twin.dispose();
      await twinServer.close();
    }
    assert.equal(a.data.ts_release - a.data.ts_fixed, 60);
    const prices = new Set<string>();
    for (let i = 0; i < 4; i++) {
      prices.add((await calc()).data.price);
      await new Promise((resolve) => setTimeout(resolve, 25)); // > one API minute at this scale
    }
    assert.ok(prices.size > 1, 'the price moves between fix periods');
  });

  it('computes receiver-amount quotes rounded up so the receiver gets at least that much', async () => {
    const { data } = (await api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', receiver_amount: '106.75' }))
      .json as { data: { sender_amount: string; receiver_amount: string } };
    assert.equal(data.receiver_amount, '106.75');
    assert.match(data.sender_amount, /^0\.\d{8}$/);
  });

  it('makes foreign_id unique for withdrawals, exchanges and invoices', async () => {
    const invoice = {
      timer: true,
      title: 't',
      currency: 'EUR',
      amount: '10',
      foreign_id: 'dup',
      url_success: 'https://a.example',
      url_failed: 'https://a.example',
      email_user: 'a@b.example',
    };
    assert.equal((await api('invoices/create', invoice)).status, 200);
    const again = await api('invoices/create', invoice);
    assert.equal(again.status, 400);
    assert.equal((again.json as { errors: Record<string, string> }).errors['foreign_id'], 'The foreign id has already been taken.');
  });

  it('credits the balance when a deposit confirms', async () => {
    const balance = async () =>
      ((await api('accounts/list')).json as { data: Array<{ currency: string; balance: string }> }).data.find((b) => b.currency === 'LTC')!
        .balance;
    const before = await balance();
    const { data } = (await api('addresses/take', { foreign_id: 'bal', currency: 'LTC' })).json as { data: { address: string } };
    await control('deposits', { address: data.address, amount: '1.5', outcome: 'confirmed' });
    const confirmed = await until(() => bodies().find((b) => b['status'] === 'confirmed'), 'the confirmed callback');
    // Credited net of the 0.99 % deposit fee, exactly what the callback's amount_minus_fee says.
    const received = confirmed['currency_received'] as { amount: string; amount_minus_fee: string };
    assert.equal(received.amount, '1.5');
    assert.equal(received.amount_minus_fee, '1.48515000');
    assert.equal((Number(await balance()) - Number(before)).toFixed(8), received.amount_minus_fee);
  });
});

describe('sandbox control: deposits and callbacks', () => {
  it('sends not_confirmed, then the outcome, signed over the raw bytes with / escaped', async () => {
    const { data } = (await api('addresses/take', { foreign_id: 'cb', currency: 'BTC', convert_to: 'EUR' })).json as {
      data: { address: string };
    };
    const answer = await control('deposits', { address: data.address, amount: '0.01', outcome: 'confirmed', txid: 'a/b' });
    assert.equal(answer.status, 201);
    await until(() => received.length >= 2, 'two callbacks');
    const [first, second] = received.map((r) => verifyCallback(r.raw, r.headers, { apiKey, apiSecret }));
    assert.equal(first!.status, 'not_confirmed');
    assert.equal(second!.status, 'confirmed');
    assert.equal(first!.id, second!.id);
    assert.equal(second!.type, 'deposit_exchange');
    assert.equal(second!.currency_received?.currency, 'EUR');
    assert.ok(second!.transactions[0]!.confirmations > 0);
    assert.match(new TextDecoder().decode(received[0]!.raw), /a\\\/b/);
  });

  it('sends cancelled as the final status of a double spend', async () => {
    const { data } = (await api('addresses/take', { foreign_id: 'ds', currency: 'XRP' })).json as {
      data: { address: string; tag: string };
    };
    await control('deposits', { address: data.address, tag: data.tag, amount: '25', outcome: 'cancelled' });
    await until(() => received.length >= 2, 'two callbacks');
    const final = bodies()[1]!;
    assert.equal(final['status'], 'cancelled');
    assert.equal((final['crypto_address'] as { tag: string }).tag, data.tag);
  });

  it('retries a refused callback on CoinsPaid’s schedule (1, 5, 10 … minutes)', async () => {
    answers = [500, 500, 503];
    const { data } = (await api('addresses/take', { foreign_id: 'retry', currency: 'BTC' })).json as { data: { address: string } };
    await control('deposits', { address: data.address, amount: '0.01', outcome: 'confirmed' });
    await until(() => received.filter((r) => new TextDecoder().decode(r.raw).includes('not_confirmed')).length >= 4, 'three retries', 5000);
    const times = received.filter((r) => new TextDecoder().decode(r.raw).includes('not_confirmed')).map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 60_000);
    for (const [i, gap] of gaps.slice(0, 3).entries())
      assert.ok(Math.abs(gap - CALLBACK_RETRY_MINUTES[i]!) < 0.5, `gap ${i} was ${gap} min`);
    const log = (await control('callbacks', undefined, 'GET')).json['data'] as Array<{
      attempts: Array<{ status: number }>;
      delivered: boolean;
    }>;
    assert.deepEqual(
      log[0]!.attempts.map((a) => a.status),
      [500, 500, 503, 200],
    );
  });

  it('sends every callback twice when duplicates are switched on', async () => {
    await control('config', { duplicate_callbacks: true });
    const { data } = (await api('addresses/take', { foreign_id: 'dups', currency: 'ETH' })).json as { data: { address: string } };
    await control('deposits', { address: data.address, amount: '0.5', outcome: 'confirmed' });
    await until(() => received.length >= 4, 'four callbacks');
    const statuses = bodies().map((b) => b['status']);
    assert.equal(statuses.filter((s) => s === 'not_confirmed').length, 2);
  });

  const badDeposits: Array<[string, unknown, number, string]> = [
    ['an unknown address', { address: 'bc1qnothing', amount: '1', outcome: 'confirmed' }, 404, 'address'],
    ['no amount', { address: 'x', outcome: 'confirmed' }, 400, 'amount'],
    ['a negative amount', { address: 'x', amount: '-1', outcome: 'confirmed' }, 400, 'amount'],
    ['an unknown outcome', { address: 'x', amount: '1', outcome: 'refunded' }, 400, 'outcome'],
    ['a body that is not JSON', 'address=x', 400, 'body'],
  ];
  for (const [what, body, status, field] of badDeposits) {
    it(`refuses a deposit with ${what}`, async () => {
      const answer = await control('deposits', body);
      assert.equal(answer.status, status);
      assert.ok((answer.json['errors'] as Record<string, string>)[field]);
    });
  }
});

describe('sandbox invoices, futures and withdrawals', () => {
  const invoiceBody = (foreign_id: string, extra: Record<string, unknown> = {}) => ({
    timer: true,
    title: 'Order',
    currency: 'EUR',
    amount: '106.75',
    foreign_id,
    url_success: 'https://shop.example/ok',
    url_failed: 'https://shop.example/failed',
    email_user: 'c@shop.example',
    ...extra,
  });

  it('creates an invoice with a 15-minute window and an address when the sender currency is fixed', async () => {
    const { data } = (await api('invoices/create', invoiceBody('inv-a', { sender_currency: 'BTC' }))).json as {
      data: { status: string; fixed_at: number; release_at: number; address: string; sender_amount: string };
    };
    assert.equal(data.status, 'created');
    assert.equal(data.release_at - data.fixed_at, 900);
    assert.match(data.address, /^bc1q/);
    assert.match(data.sender_amount, /^0\.\d{8}$/);
  });

  it('fails an unpaid invoice when its timer runs out', async () => {
    const { data } = (await api('invoices/create', invoiceBody('inv-expire'))).json as { data: { id: number } };
    await until(() => bodies().find((b) => b['id'] === data.id && b['status'] === 'failed'), 'the expiry callback', 5000);
    const failed = bodies().find((b) => b['id'] === data.id)!;
    assert.equal(failed['error'], 'Timer expired. User not paid.');
  });

  it('extends an invoice to 24 hours once a payment is seen, then confirms it', async () => {
    const { data } = (await api('invoices/create', invoiceBody('inv-paid', { sender_currency: 'LTC' }))).json as {
      data: { id: number; fixed_at: number };
    };
    const seen = await control(`invoices/${data.id}/pay`, { outcome: 'mempool' });
    assert.equal((seen.json['data'] as { release_at: number }).release_at - data.fixed_at, 86_400);
    await control(`invoices/${data.id}/pay`, { outcome: 'confirmed' });
    await until(() => bodies().some((b) => b['id'] === data.id && b['status'] === 'confirmed'), 'confirmed');
    // The reference: processing once the transaction is in the mempool, confirmed once it confirms.
    assert.deepEqual(
      bodies()
        .filter((b) => b['id'] === data.id)
        .map((b) => b['status']),
      ['processing', 'confirmed'],
    );
  });

  it('fails an underpaid invoice with CoinsPaid’s reason', async () => {
    const { data } = (await api('invoices/create', invoiceBody('inv-under', { sender_currency: 'BTC' }))).json as { data: { id: number } };
    await control(`invoices/${data.id}/pay`, { outcome: 'underpaid' });
    const failed = await until(() => bodies().find((b) => b['id'] === data.id && b['status'] === 'failed'), 'failed');
    assert.equal(failed['error'], 'User paid less than requested.');
  });

  it('refuses futures above 10,000 EUR and confirms below', async () => {
    const { data } = (await api('addresses/take', { foreign_id: 'fut', currency: 'BTC', convert_to: 'EUR' })).json as {
      data: { address: string };
    };
    const table = (await api('futures/rates', { address: data.address })).json as {
      data: { rates: Record<string, Record<string, string>> };
    };
    assert.ok(Object.keys(table.data.rates['BTCEUR']!).includes('100.00000000'));
    const over = await api('futures/confirm', {
      address: data.address,
      sender_currency: 'BTC',
      receiver_currency: 'EUR',
      receiver_amount: '10000.01',
    });
    assert.equal(over.status, 400);
    assert.match((over.json as { errors: Record<string, string> }).errors['receiver_amount']!, /10000 EUR/);
    const ok = await api('futures/confirm', {
      address: data.address,
      sender_currency: 'BTC',
      receiver_currency: 'EUR',
      receiver_amount: '250',
    });
    assert.equal(ok.status, 200);
  });

  it('settles a withdrawal with a callback and refunds a cancelled one', async () => {
    const { data } = (
      await api('withdrawal/crypto', {
        foreign_id: 'wd',
        amount: '0.1',
        currency: 'BTC',
        address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      })
    ).json as { data: { id: number } };
    assert.equal((await control(`withdrawals/${data.id}/settle`, { outcome: 'cancelled' })).status, 200);
    await until(() => bodies().some((b) => b['id'] === data.id && b['status'] === 'cancelled'), 'the withdrawal callback');
    assert.equal((await control(`withdrawals/${data.id}/settle`, { outcome: 'confirmed' })).status, 400);
    assert.equal((await control('withdrawals/abc/settle', { outcome: 'confirmed' })).status, 400);
  });
});

describe('sandbox limits, faults and stats', () => {
  it('answers 429 with a non-JSON body after 30 exchange/calculate calls in a minute, and counts them', async () => {
    const statuses: number[] = [];
    let body = '';
    const start = clock.now();
    for (let i = 0; i < 32; i++) {
      const answer = await api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' });
      statuses.push(answer.status);
      if (answer.status === 429) body = answer.text;
    }
    // At this clock scale the 32 calls must fit inside one API minute for the test to mean anything.
    if (clock.now() - start < 60_000) {
      assert.deepEqual(statuses.slice(0, 30), Array(30).fill(200));
      assert.equal(statuses[30], 429);
      assert.equal(body, 'error code: 1015');
    }
    const stats = (await control('stats', undefined, 'GET')).json;
    assert.equal(stats['exchange/calculate'], 32);
  });

  it('injects each fault kind for the chosen endpoint only, as many times as asked', async () => {
    await control('faults', { endpoint: 'currencies/list', kind: '5xx', count: 1 });
    assert.equal((await api('currencies/list')).status, 503);
    assert.equal((await api('currencies/list')).status, 200);
    await control('faults', { endpoint: 'currencies/list', kind: 'malformed_json', count: 1 });
    const malformed = await api('currencies/list');
    assert.equal(malformed.status, 200);
    assert.equal(malformed.json, undefined);
    await control('faults', { endpoint: 'currencies/list', kind: 'html_429', count: 1 });
    const limited = await api('currencies/list');
    assert.equal(limited.status, 429);
    assert.match(limited.text, /<html>/);
    await control('faults', { endpoint: 'currencies/list', kind: 'latency', ms: 150, count: 1 });
    const t0 = Date.now();
    assert.equal((await api('currencies/list')).status, 200);
    assert.ok(Date.now() - t0 >= 140);
    await control('faults', { endpoint: 'accounts/list', kind: 'timeout', ms: 100, count: 1 });
    assert.equal((await api('accounts/list')).status, 504);
    assert.equal((await api('currencies/pairs')).status, 200);
  });

  it('refuses a fault of an unknown kind or endpoint', async () => {
    assert.equal((await control('faults', { endpoint: 'x/y', kind: '5xx' })).status, 400);
    assert.equal((await control('faults', { kind: 'meteor' })).status, 400);
    assert.equal((await control('faults', { kind: 'latency' })).status, 400);
  });

  it('resets stats, faults and state', async () => {
    await api('currencies/list');
    await control('faults', { kind: '5xx' });
    await control('reset');
    assert.deepEqual((await control('stats', undefined, 'GET')).json, {});
    assert.equal((await api('currencies/list')).status, 200);
  });

  it('returns an overriding literal address once, for hostile-string tests', async () => {
    await control('address-override', { address: '<img src=x onerror=alert(1)>', tag: '"><script>' });
    const first = (await api('addresses/take', { foreign_id: 'o', currency: 'BTC' })).json as { data: { address: string; tag: string } };
    assert.equal(first.data.address, '<img src=x onerror=alert(1)>');
    const second = (await api('addresses/take', { foreign_id: 'o2', currency: 'BTC' })).json as { data: { address: string } };
    assert.match(second.data.address, /^bc1q/);
  });
});
