import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, RateQuote } from '../../src/core/wire.js';
import { createLogger, requestLogging, routeConsoleToLogger } from '../../src/server/service/logging.js';
import { ManualClock } from '../helpers/manual-clock.js';
import {
  MERCHANT_API_KEY,
  METRICS_TOKEN,
  SANDBOX_SECRET,
  startTestService,
  TOKEN_SECRET,
  WEBHOOK_SECRET,
  type TestService,
} from '../helpers/service.js';
import { openSse } from '../helpers/sse.js';
import { until } from '../helpers/until.js';

/** Operating the service: health and readiness probes, Prometheus metrics, structured logs. */

let running: TestService | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof startTestService>[0] = {}) {
  running = await startTestService(options);
  return running;
}

async function scrape(s: TestService, token: string | null = null): Promise<string> {
  const response = await fetch(`${s.url}/metrics`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one series in Prometheus text, 0 when absent. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('health', () => {
  it('says alive on /healthz and ready on /readyz when store, CoinsPaid and the webhook queue answer', async () => {
    const s = await start({ receiver: true });
    const health = await fetch(`${s.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${s.url}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    assert.equal(body.status, 'ready');
    assert.deepEqual(Object.keys(body.checks).sort(), ['store', 'upstream', 'webhooks']);
  });

  it('is not ready while CoinsPaid does not answer its ping, asking it at most once per 5 s however often probed', async () => {
    const clock = new ManualClock();
    const s = await start({ clock });
    assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
    const pings = async () => ((await (await s.control('stats', undefined, 'GET')).json()) as Record<string, number>)['ping'];
    const before = await pings();
    assert.equal(before, 1);
    await s.control('faults', { endpoint: 'ping', kind: '5xx', count: 1 });
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${s.url}/readyz`)).status, 200, 'the cached answer');
    assert.equal(await pings(), before, 'probes within 5 s cost CoinsPaid nothing');

    clock.advance(5_000);
    const down = await fetch(`${s.url}/readyz`);
    assert.equal(down.status, 503);
    const body = (await down.json()) as { status: string; checks: { upstream: { ok: boolean; error: string }; store: { ok: boolean } } };
    assert.equal(body.status, 'not_ready');
    assert.equal(body.checks.store.ok, true);
    assert.equal(body.checks.upstream.ok, false);
    assert.match(body.checks.upstream.error, /ping unavailable/);
    clock.advance(5_000);
    assert.equal((await fetch(`${s.url}/readyz`)).status, 200, 'ready again once CoinsPaid answers');
  });

  it('is not ready when the CoinsPaid API cannot be reached at all', async () => {
    const s = await start({
      env: { COINSPAID_API_URL: `http://127.0.0.1:${await freePort()}/api/v2`, ALLOWED_ORIGINS: 'https://shop.example' },
    });
    const response = await fetch(`${s.url}/readyz`);
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { checks: { upstream: { ok: boolean } } }).checks.upstream.ok, false);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200, 'alive all the same');
  });
});

describe('metrics', () => {
  it('answers /metrics only with the metrics token when one is set', async () => {
    const s = await start({ env: { METRICS_TOKEN } });
    assert.equal((await fetch(`${s.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${s.url}/metrics`, { headers: { Authorization: `Bearer ${MERCHANT_API_KEY}` } })).status, 401);
    assert.match(await scrape(s, METRICS_TOKEN), /coinspaid_terminal_callbacks_total/);
  });

  it('moves the counters during a sandbox payment: upstream calls, rate cache, streams, callbacks, settlements, webhooks', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, receiver: true, sandbox: { confirmationDelayMs: 10_000 } });
    const before = await scrape(s);
    for (const result of ['handled', 'duplicate', 'failed'])
      assert.equal(value(before, 'coinspaid_terminal_callbacks_total', { result }), 0);
    assert.match(before, /# TYPE coinspaid_terminal_upstream_request_duration_seconds histogram/);

    const token = await s.mintToken({ foreign_id: 'customer:m', order_id: 'M-1', amount: '20.00', amount_currency: 'EUR' });
    const quote = (await s.call<RateQuote>(token, 'GET', 'rates?from=BTC&to=EUR')).json;
    await s.call<RateQuote>(token, 'GET', 'rates?from=BTC&to=EUR');
    const { json: grant } = await s.call<AddressGrant>(token, 'POST', 'addresses', { currency: 'BTC' });
    const stream = await openSse(`${s.url}/coinspaid/${grant.follow.stream}`);
    await until(async () => value(await scrape(s), 'coinspaid_terminal_open_streams') === 1, 'the stream is counted');

    await s.control('deposits', { address: grant.address.address, amount: cryptoForFiat('20.00', quote.price, 8), outcome: 'confirmed' });
    await s.settled();
    clock.advance(10_000);
    await s.settled();
    await s.control('faults', { endpoint: 'exchange/calculate', kind: 'html_429', count: 1 });
    await s.call(token, 'GET', 'rates?from=ETH&to=EUR');

    const after = await scrape(s);
    assert.equal(value(after, 'coinspaid_terminal_upstream_requests_total', { endpoint: 'addresses/take', status: '201' }), 1);
    assert.equal(value(after, 'coinspaid_terminal_upstream_request_duration_seconds_count', { endpoint: 'addresses/take' }), 1);
    assert.equal(value(after, 'coinspaid_terminal_upstream_requests_total', { endpoint: 'exchange/calculate', status: '429' }), 1);
    assert.equal(value(after, 'coinspaid_terminal_upstream_rate_limited_total', { endpoint: 'exchange/calculate' }), 1);
    assert.ok(value(after, 'coinspaid_terminal_rate_cache_lookups_total', { result: 'hit' }) >= 1);
    assert.ok(value(after, 'coinspaid_terminal_rate_cache_lookups_total', { result: 'miss' }) >= 2);
    assert.equal(value(after, 'coinspaid_terminal_callbacks_total', { result: 'handled' }), 2);
    assert.equal(value(after, 'coinspaid_terminal_settlements_total', { status: 'pending' }), 1);
    assert.equal(value(after, 'coinspaid_terminal_settlements_total', { status: 'paid' }), 1);
    assert.equal(value(after, 'coinspaid_terminal_webhooks_queued_total'), 2);
    assert.equal(value(after, 'coinspaid_terminal_webhook_deliveries_total', { result: 'delivered' }), 2);
    assert.equal(value(after, 'coinspaid_terminal_webhook_queue_depth'), 0);
    assert.ok(value(after, 'coinspaid_terminal_http_requests_total', { method: 'POST', status: '201' }) >= 1);

    stream.close();
    await until(async () => value(await scrape(s), 'coinspaid_terminal_open_streams') === 0, 'the closed stream is no longer counted');
  });
});

describe('logs', () => {
  it('writes JSON lines carrying the request id, echoes it, and never writes a secret, a token or a capability', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, receiver: true, sandbox: { confirmationDelayMs: 10_000 } });
    const minted = await fetch(`${s.url}/coinspaid/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${MERCHANT_API_KEY}`, 'X-Request-Id': 'shop-req-42', 'content-type': 'application/json' },
      body: JSON.stringify({ foreign_id: 'customer:l', order_id: 'L-1', amount: '5.00', amount_currency: 'EUR' }),
    });
    assert.equal(minted.headers.get('x-request-id'), 'shop-req-42');
    const { token } = (await minted.json()) as { token: string };
    const forged = await fetch(`${s.url}/healthz`, { headers: { 'X-Request-Id': 'x"},{"level":"fatal' } });
    const forgedId = forged.headers.get('x-request-id')!;
    assert.match(forgedId, /^[0-9a-f-]{36}$/, 'an id that could forge log lines is replaced');
    const { json: grant } = await s.call<AddressGrant>(token, 'POST', 'addresses', { currency: 'BTC' });
    const stream = await openSse(`${s.url}/coinspaid/${grant.follow.stream}`);
    await fetch(`${s.url}/coinspaid/embed?token=${token}&parent=${encodeURIComponent('https://shop.example')}`);
    await s.control('deposits', { address: grant.address.address, amount: '0.001', outcome: 'confirmed' });
    await s.settled();
    clock.advance(10_000);
    await s.settled();
    stream.close();

    const lines = s.logs;
    const requests = lines.filter((l) => l.msg === 'request' || l.msg === 'request started');
    assert.ok(requests.length >= 8, `${requests.length} request lines`);
    for (const line of requests) assert.equal(typeof line['req_id'], 'string', JSON.stringify(line));
    assert.ok(requests.some((l) => l['req_id'] === 'shop-req-42' && l['path'] === '/coinspaid/tokens' && l['status'] === 200));
    assert.ok(requests.some((l) => l['path'] === '/coinspaid/follow/:capability/stream'));
    assert.ok(requests.some((l) => l['path'] === '/coinspaid/callback' && l['status'] === 200));
    assert.ok(lines.some((l) => l.msg === 'webhook delivered' && typeof l['webhook_id'] === 'string'));
    for (const line of lines) {
      assert.equal(line['service'], 'coinspaid-terminal');
      assert.match(String(line['time']), /^\d{4}-\d\d-\d\dT/);
    }

    const text = s.logText();
    const capability = grant.follow.capability;
    for (const secret of [MERCHANT_API_KEY, TOKEN_SECRET, WEBHOOK_SECRET, WEBHOOK_SECRET.slice(6), SANDBOX_SECRET, token, capability])
      assert.ok(!text.includes(secret), `the log contains ${secret.slice(0, 12)}…`);
  });

  it('turns the library’s console warnings into JSON lines with the request id (the bin routes the console so)', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const app = new Hono();
    app.use('*', requestLogging(logger));
    app.get('/callback', (c) => {
      console.warn('coinspaid-terminal: deposit 7 reported not_confirmed after a later status; acknowledged, not passed on');
      console.error('coinspaid-terminal: onCallback failed', new Error('the shop database is down'));
      return c.text('ok');
    });
    const saved = { warn: console.warn, error: console.error, info: console.info, log: console.log, debug: console.debug };
    routeConsoleToLogger(logger);
    try {
      await app.request('/callback', { headers: { 'X-Request-Id': 'cb-1' } });
    } finally {
      Object.assign(console, saved);
    }
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { err?: { message: string } });
    const warn = parsed.find((l) => l['level'] === 'warn')!;
    assert.match(String(warn['msg']), /reported not_confirmed after a later status/);
    assert.equal(warn['req_id'], 'cb-1');
    const error = parsed.find((l) => l['level'] === 'error')!;
    assert.equal(error['req_id'], 'cb-1');
    assert.equal(error.err?.message, 'the shop database is down');
    assert.ok(parsed.some((l) => l['msg'] === 'request' && l['req_id'] === 'cb-1'));
  });
});
