/**
 * The sandbox's limits and its control API: the 30/min exchange/calculate limit answering a non-JSON 429, every
 * kind of injected fault, request stats, reset, config and the address override.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Context } from 'hono';
import { dataOf, errorsOf } from '../helpers/sandbox-client.js';
import { until } from '../helpers/until.js';
import { startSandbox, useSandbox } from '../helpers/use-sandbox.js';

// Tests choose their client IP with a header; the default is the socket address.
const s = useSandbox({ clientIp: (c: Context) => c.req.header('x-test-ip') ?? '127.0.0.1' });
const { clock } = s;
const calc = { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' };

describe('sandbox exchange/calculate limit', () => {
  it('answers 429 with a non-JSON body after 30 exchange/calculate calls in a minute', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await s.api('exchange/calculate', calc)).status, 200, `call ${i + 1}`);
    const limited = await s.api('exchange/calculate', calc);
    assert.equal(limited.status, 429);
    assert.equal(limited.text, 'error code: 1015');
    assert.equal(limited.json, undefined, 'not JSON');
    assert.match(limited.contentType, /^text\/plain/);
  });

  it('keeps refusing for about a minute, then answers again', async () => {
    for (let i = 0; i < 31; i++) await s.api('exchange/calculate', calc);
    clock.advance(30_000);
    assert.equal((await s.api('exchange/calculate', calc)).status, 429);
    clock.advance(61_000);
    assert.equal((await s.api('exchange/calculate', calc)).status, 200);
  });

  it('counts per client IP and only for exchange/calculate', async () => {
    for (let i = 0; i < 31; i++) await s.api('exchange/calculate', calc);
    assert.equal((await s.api('exchange/calculate', calc, { headers: { 'x-test-ip': '203.0.113.9' } })).status, 200);
    assert.equal((await s.api('currencies/rates')).status, 200);
  });

  it('lets 30 calls through in every minute when spread out', async () => {
    for (let minute = 0; minute < 3; minute++) {
      for (let i = 0; i < 30; i++) assert.equal((await s.api('exchange/calculate', calc)).status, 200);
      clock.advance(60_001);
    }
  });
});

describe('sandbox faults', () => {
  it('5xx: answers a server error with a JSON body, for the chosen endpoint only', async () => {
    dataOf(await s.control('faults', { endpoint: 'currencies/list', kind: '5xx' }), 201);
    const failed = await s.api('currencies/list');
    assert.ok(failed.status >= 500 && failed.status < 600);
    assert.ok(failed.json, 'a JSON body');
    assert.equal((await s.api('accounts/list')).status, 200);
  });

  it('malformed_json: answers 200 with a JSON content type and a body that does not parse', async () => {
    await s.control('faults', { endpoint: 'accounts/list', kind: 'malformed_json' });
    const a = await s.api('accounts/list');
    assert.equal(a.status, 200);
    assert.match(a.contentType, /application\/json/);
    assert.equal(a.json, undefined);
    assert.ok(a.text.length > 0);
  });

  it('html_429: answers 429 with an HTML page, like an edge proxy', async () => {
    await s.control('faults', { endpoint: 'exchange/calculate', kind: 'html_429' });
    const a = await s.api('exchange/calculate', calc);
    assert.equal(a.status, 429);
    assert.match(a.contentType, /text\/html/);
    assert.match(a.text, /<html/i);
  });

  it('latency: delays the answer by ms of wall time, then answers normally', async () => {
    await s.control('faults', { endpoint: 'currencies/pairs', kind: 'latency', ms: 150, count: 1 });
    const started = Date.now();
    assert.equal((await s.api('currencies/pairs')).status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  it('timeout: hangs until the client gives up', async () => {
    await s.control('faults', { endpoint: 'addresses/take', kind: 'timeout', count: 1 });
    const started = Date.now();
    await assert.rejects(
      s.api('addresses/take', { foreign_id: 't', currency: 'BTC' }, { signal: AbortSignal.timeout(200) }),
      /abort|timeout/i,
    );
    assert.ok(Date.now() - started >= 190);
    assert.equal((await s.api('addresses/take', { foreign_id: 't', currency: 'BTC' })).status, 201, 'count 1: the next call is served');
  });

  it('timeout: ends the hanging request when the sandbox is disposed', async () => {
    const own = await startSandbox({ clock });
    await own.control('faults', { endpoint: '*', kind: 'timeout' });
    const pending = own.api('accounts/list');
    // Counted means hanging: the stats and the fault's wait start in one step.
    await until(() => own.sandbox.sandbox.stats.snapshot()['accounts/list'] === 1, 'the request to reach the sandbox');
    own.sandbox.dispose();
    const a = await pending;
    assert.ok(a.status >= 500, `status ${a.status}`);
    await own.close();
  });

  it('count: affects exactly that many requests; "*" matches every endpoint', async () => {
    await s.control('faults', { endpoint: '*', kind: '5xx', count: 2 });
    assert.ok((await s.api('currencies/list')).status >= 500);
    assert.ok((await s.api('accounts/list')).status >= 500);
    assert.equal((await s.api('accounts/list')).status, 200);
  });

  it('lists faults and clears them with DELETE /control/faults', async () => {
    await s.control('faults', { endpoint: 'currencies/list', kind: '5xx' });
    const listed = dataOf<Array<{ endpoint: string; kind: string }>>(await s.control('faults', undefined, 'GET'));
    assert.deepEqual(
      listed.map((f) => [f.endpoint, f.kind]),
      [['currencies/list', '5xx']],
    );
    assert.equal((await s.control('faults', undefined, 'DELETE')).status, 200);
    assert.equal((await s.api('currencies/list')).status, 200);
  });

  it('refuses a fault of an unknown kind or endpoint, latency without ms, and a bad count, with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ endpoint: 'x/y', kind: '5xx' }, 'endpoint'],
      [{ endpoint: '*', kind: 'meteor' }, 'kind'],
      [{ endpoint: '*' }, 'kind'],
      [{ endpoint: '*', kind: 'latency' }, 'ms'],
      [{ endpoint: '*', kind: '5xx', count: -1 }, 'count'],
      [{ endpoint: '*', kind: '5xx', count: 'many' }, 'count'],
    ];
    for (const [body, field] of cases) {
      const a = await s.control('faults', body);
      assert.equal(a.status, 400, JSON.stringify(body));
      assert.ok(errorsOf(a)[field], `${JSON.stringify(body)} → ${a.text}`);
    }
  });

  // From the former emulator suite.
  it('injects each fault kind for the chosen endpoint only, as many times as asked', async () => {
    await s.control('faults', { endpoint: 'currencies/list', kind: '5xx', count: 1 });
    assert.equal((await s.api('currencies/list')).status, 503);
    assert.equal((await s.api('currencies/list')).status, 200);
    await s.control('faults', { endpoint: 'currencies/list', kind: 'malformed_json', count: 1 });
    const malformed = await s.api('currencies/list');
    assert.equal(malformed.status, 200);
    assert.equal(malformed.json, undefined);
    await s.control('faults', { endpoint: 'currencies/list', kind: 'html_429', count: 1 });
    const limited = await s.api('currencies/list');
    assert.equal(limited.status, 429);
    assert.match(limited.text, /<html>/);
    await s.control('faults', { endpoint: 'currencies/list', kind: 'latency', ms: 150, count: 1 });
    const t0 = Date.now();
    assert.equal((await s.api('currencies/list')).status, 200);
    assert.ok(Date.now() - t0 >= 140);
    await s.control('faults', { endpoint: 'accounts/list', kind: 'timeout', ms: 100, count: 1 });
    assert.equal((await s.api('accounts/list')).status, 504);
    assert.equal((await s.api('currencies/pairs')).status, 200);
  });

  it('refuses a fault of an unknown kind or endpoint', async () => {
    assert.equal((await s.control('faults', { endpoint: 'x/y', kind: '5xx' })).status, 400);
    assert.equal((await s.control('faults', { kind: 'meteor' })).status, 400);
    assert.equal((await s.control('faults', { kind: 'latency' })).status, 400);
  });
});

describe('sandbox stats', () => {
  it('counts every request that reached an endpoint, including refused, limited and faulted ones', async () => {
    await s.api('addresses/take', { foreign_id: 'a', currency: 'BTC' });
    await s.api('addresses/take', { foreign_id: 'b', currency: 'BTC' });
    await s.api('addresses/take', { currency: 'BTC' }); // 400
    await s.api('accounts/list', {}, { secret: 'wrong' }); // 403
    for (let i = 0; i < 32; i++) await s.api('exchange/calculate', calc); // two 429s
    await s.control('faults', { endpoint: 'currencies/list', kind: '5xx', count: 1 });
    await s.api('currencies/list');
    await fetch(`${s.url}/api/v2/ping`);
    const stats = (await s.control('stats', undefined, 'GET')).json as Record<string, number>;
    assert.equal(stats['addresses/take'], 3);
    assert.equal(stats['accounts/list'], 1);
    assert.equal(stats['exchange/calculate'], 32);
    assert.equal(stats['currencies/list'], 1);
    assert.equal(stats['ping'], 1);
    assert.equal(stats['invoices/create'] ?? 0, 0);
  });
});

describe('sandbox reset, config and address override', () => {
  it('reset zeroes stats and clears faults, limits and state', async () => {
    await s.api('currencies/list');
    for (let i = 0; i < 31; i++) await s.api('exchange/calculate', calc);
    await s.control('faults', { endpoint: '*', kind: '5xx' });
    await s.api('withdrawal/crypto', {
      foreign_id: 'again',
      amount: '0.01',
      currency: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    });
    assert.equal((await s.control('reset')).status, 200);
    assert.deepEqual((await s.control('stats', undefined, 'GET')).json, {});
    assert.equal((await s.api('exchange/calculate', calc)).status, 200);
    const w = await s.api('withdrawal/crypto', {
      foreign_id: 'again',
      amount: '0.01',
      currency: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    });
    assert.equal(w.status, 201, 'the foreign_id is free again');
  });

  it('config answers the current settings and refuses a callback_url that is not http(s)', async () => {
    const ok = dataOf<{ callback_url: string | null; duplicate_callbacks: boolean }>(
      await s.control('config', { callback_url: 'https://merchant.example/cb', duplicate_callbacks: true }),
    );
    assert.deepEqual(ok, { callback_url: 'https://merchant.example/cb', duplicate_callbacks: true });
    for (const [body, field] of [
      [{ callback_url: 'javascript:alert(1)' }, 'callback_url'],
      [{ callback_url: 42 }, 'callback_url'],
      [{ duplicate_callbacks: 'yes please' }, 'duplicate_callbacks'],
    ] as const) {
      const a = await s.control('config', body);
      assert.equal(a.status, 400);
      assert.ok(errorsOf(a)[field]);
    }
    await s.control('config', { callback_url: null, duplicate_callbacks: false });
  });

  it('address-override: the next addresses/take returns the literal address and tag, once', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    dataOf(await s.control('address-override', { address: hostile, tag: '"><script>alert(1)</script>' }), 201);
    const first = dataOf<{ address: string; tag: string }>(await s.api('addresses/take', { foreign_id: 'o', currency: 'BTC' }), 201);
    assert.equal(first.address, hostile);
    assert.equal(first.tag, '"><script>alert(1)</script>');
    const second = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'o2', currency: 'BTC' }), 201);
    assert.match(second.address, /^bc1q/);
  });

  it('address-override: a deposit to the overriding address is accepted like any other', async () => {
    await s.control('address-override', { address: 'rHostile"\'<>&', tag: null });
    const a = dataOf<{ address: string; tag: string | null }>(await s.api('addresses/take', { foreign_id: 'ox', currency: 'XRP' }), 201);
    assert.equal(a.tag, null);
    assert.equal((await s.control('deposits', { address: a.address, amount: '5', outcome: 'confirmed' })).status, 201);
  });

  it('refuses an address-override without an address', async () => {
    const a = await s.control('address-override', { tag: '1' });
    assert.equal(a.status, 400);
    assert.ok(errorsOf(a)['address']);
  });

  it('answers unknown control paths and junk bodies with JSON, never a 500', async () => {
    for (const [path, body] of [
      ['deposits', '{'],
      ['faults', '[]'],
      ['config', 'null'],
      ['invoices/1/pay', '"x"'],
      ['address-override', '{"address":{"a":1}}'],
    ] as const) {
      const a = await s.control(path, body);
      assert.ok(a.status >= 400 && a.status < 500, `${path} ${body} → ${a.status}`);
      assert.ok(a.json, `${path}: JSON body`);
    }
    const unknown = await s.control('nothing-here', {});
    assert.equal(unknown.status, 404);
    assert.ok(unknown.json);
  });

  // From the former emulator suite.
  it('resets stats, faults and state', async () => {
    await s.api('currencies/list');
    await s.control('faults', { kind: '5xx' });
    await s.control('reset');
    assert.deepEqual((await s.control('stats', undefined, 'GET')).json, {});
    assert.equal((await s.api('currencies/list')).status, 200);
  });
});

describe('who may use the control API', () => {
  it('refuses a request without the X-Sandbox-Control header, as a page of another site would send it, and does nothing', async () => {
    const take = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'guard', currency: 'BTC' }), 201);
    const forged = await fetch(`${s.url}/control/deposits`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' }, // what a cross-site form or simple fetch can send
      body: JSON.stringify({ address: take.address, amount: '1', outcome: 'confirmed' }),
    });
    assert.equal(forged.status, 403);
    assert.match(((await forged.json()) as { errors: { header: string } }).errors.header, /X-Sandbox-Control/);
    assert.deepEqual((await s.control('callbacks', undefined, 'GET')).json, { data: [] });
  });

  it('answers this machine only, unless the sandbox is opened with controlFrom: "anywhere"', async () => {
    const remote = { 'x-sandbox-control': '1', 'x-test-ip': '203.0.113.5' };
    const refused = await fetch(`${s.url}/control/stats`, { headers: remote });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { errors: { client: string } }).errors.client, /this machine only/);
    const shared = await startSandbox({ controlFrom: 'anywhere', clientIp: (c: Context) => c.req.header('x-test-ip') ?? '127.0.0.1' });
    try {
      assert.equal((await fetch(`${shared.url}/control/stats`, { headers: remote })).status, 200);
      assert.equal((await fetch(`${shared.url}/control/stats`, { headers: { 'x-test-ip': '203.0.113.5' } })).status, 403);
    } finally {
      await shared.close();
    }
  });
});
