import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AddressGrant } from '../../src/core/wire.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { openSse, type SseConnection } from '../helpers/sse.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { until } from '../helpers/until.js';

/** Bounds on status streams: one client can no longer hold every socket of the process. */

let stack: Stack | undefined;
const open: SseConnection[] = [];
afterEach(async () => {
  for (const stream of open.splice(0)) stream.close();
  await stack?.close();
  stack = undefined;
});

const MAX_AGE_MS = 15 * 60_000;

async function start(clock = new ManualClock()): Promise<Stack> {
  stack = await startStack({
    clock,
    createLimitPerMinute: 1000,
    streams: { maxStreams: 6, maxStreamsPerClient: 4, maxStreamsPerCheckout: 2 },
    streamMaxAgeMs: MAX_AGE_MS,
    clientIp: (c) => c.req.header('x-test-client') ?? 'customer',
  });
  return stack;
}

async function checkout(s: Stack, customer: string): Promise<AddressGrant> {
  const token = await s.mintToken({ foreign_id: customer });
  const response = await fetch(`${s.url}/coinspaid/addresses`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'BTC' }),
  });
  return (await response.json()) as AddressGrant;
}

async function stream(s: Stack, grant: AddressGrant, client = 'customer', headers: Record<string, string> = {}) {
  const connection = await openSse(`${s.url}/coinspaid/${grant.follow.stream}`, { 'x-test-client': client, ...headers });
  open.push(connection);
  return connection;
}

describe('status stream limits', () => {
  it('refuses a third stream for one checkout with 429 and Retry-After, and admits one again after a close', async () => {
    const s = await start();
    const grant = await checkout(s, 'customer-1');
    const [a, b] = [await stream(s, grant), await stream(s, grant)];
    assert.deepEqual([a.status, b.status], [200, 200]);
    const third = await fetch(`${s.url}/coinspaid/${grant.follow.stream}`, { headers: { 'x-test-client': 'customer' } });
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('retry-after'), '30');
    assert.deepEqual(await third.json(), {
      errors: { stream: 'Too many open status streams for this payment.' },
      code: 'rate_limited',
    });
    a.close();
    const again = await until(async () => {
      const response = await fetch(`${s.url}/coinspaid/${grant.follow.stream}`, { headers: { 'x-test-client': 'customer' } });
      if (response.status === 200) return response;
      await response.body?.cancel();
      return null;
    }, 'a stream admitted after one closed');
    await again.body?.cancel();
  });

  it('refuses a client address its fifth stream while other clients still get theirs', async () => {
    const s = await start();
    const grants = await Promise.all(['c1', 'c2', 'c3'].map((customer) => checkout(s, customer)));
    for (const grant of grants.slice(0, 2)) for (let i = 0; i < 2; i++) assert.equal((await stream(s, grant, 'flooder')).status, 200);
    const fifth = await fetch(`${s.url}/coinspaid/${grants[2]!.follow.stream}`, { headers: { 'x-test-client': 'flooder' } });
    assert.equal(fifth.status, 429);
    assert.match(((await fifth.json()) as { errors: { stream: string } }).errors.stream, /from this network/);
    assert.equal((await stream(s, grants[2]!, 'someone else')).status, 200);
  });

  it('refuses any stream past the process-wide bound', async () => {
    const s = await start();
    const grants = await Promise.all(['d1', 'd2', 'd3', 'd4'].map((customer) => checkout(s, customer)));
    for (let i = 0; i < 6; i++) assert.equal((await stream(s, grants[i % 4]!, `client-${i}`)).status, 200);
    const seventh = await fetch(`${s.url}/coinspaid/${grants[3]!.follow.stream}`, { headers: { 'x-test-client': 'client-new' } });
    assert.equal(seventh.status, 429);
    assert.match(((await seventh.json()) as { errors: { stream: string } }).errors.stream, /on this server/);
  });

  it('ends a stream after its maximum age; the browser reconnects with Last-Event-ID and misses nothing', async () => {
    const clock = new ManualClock();
    const s = await start(clock);
    const grant = await checkout(s, 'customer-9');
    const first = await stream(s, grant);
    clock.advance(MAX_AGE_MS);
    await first.ended;
    const second = await stream(s, grant, 'customer', { 'Last-Event-ID': '0' });
    assert.equal(second.status, 200);
  });
});

describe('status streams across origins', () => {
  it('lets an allowed page read its stream (CORS on the head written straight to the socket) and no other page', async () => {
    const s = await start();
    const grant = await checkout(s, 'cors-customer');
    const read = async (origin: string) => {
      const response = await fetch(`${s.url}/coinspaid/${grant.follow.stream}`, { headers: { origin, 'x-test-client': origin } });
      await response.body?.cancel();
      return response;
    };
    const allowed = await read('https://shop.example');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(allowed.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.match(allowed.headers.get('vary') ?? '', /Origin/);
    const foreign = await read('https://evil.example');
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });
});
