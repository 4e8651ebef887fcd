import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisStore } from '../../src/server/store/index.js';
import type { NewPaymentEvent } from '../../src/server/store/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/until.js';

const EVENT: NewPaymentEvent = {
  kind: 'deposit',
  status: 'not_confirmed',
  payment_id: 1,
  sent: { currency: 'BTC', amount: '0.01' },
  remaining: null,
  expires_at: null,
  received: null,
  txid: null,
  confirmations: 0,
  error: '',
  at: 0,
  settlement: null,
};

describe('Redis that loses its data', () => {
  let server: RedisServer;
  before(async () => {
    server = await startRedisServer({ persistent: false });
  });
  after(async () => {
    await server.destroy();
  });

  it('says at start that it keeps nothing across a restart', async (t) => {
    const warn = t.mock.method(console, 'warn', () => undefined);
    const store = new RedisStore({ url: server.url, prefix: 'durability-a:' });
    await store.ready();
    assert.equal(await store.persistence(), 'none');
    await until(() => warn.mock.calls.some((call) => /neither AOF/.test(String(call.arguments[0]))), 'the warning');
    await store.close();
  });

  it('keeps event ids increasing after a flush, so no open widget skips the next status as already seen', async () => {
    const clock = new ManualClock();
    const store = new RedisStore({ url: server.url, prefix: 'durability-b:', clock });
    await store.ready();
    const before = await store.publish('checkout:o:1', EVENT);
    const again = await store.publish('checkout:o:1', { ...EVENT, status: 'confirmed' });
    assert.ok(Number(again.id) > Number(before.id));
    const redis = new Redis(server.url);
    await redis.flushall(); // a restart without persistence
    clock.advance(1);
    const afterLoss = await store.publish('checkout:o:1', { ...EVENT, status: 'confirmed', payment_id: 2 });
    assert.ok(Number(afterLoss.id) > Number(again.id), `${afterLoss.id} after ${again.id}`);
    assert.match(afterLoss.id, /^\d{16}$/);
    assert.deepEqual(
      (await store.since('checkout:o:1', again.id)).map((e) => e.id),
      [afterLoss.id],
    );
    redis.disconnect();
    await store.close();
  });
});

describe('Redis with an append-only file', () => {
  it('is reported as persistent, with no warning', async (t) => {
    const server = await startRedisServer();
    const warn = t.mock.method(console, 'warn', () => undefined);
    const store = new RedisStore({ url: server.url, prefix: 'durability-c:' });
    await store.ready();
    assert.equal(await store.persistence(), 'aof');
    await store.close();
    await server.destroy();
    assert.equal(warn.mock.calls.length, 0);
  });
});
