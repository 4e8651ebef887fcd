import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, RateQuote } from '../../src/core/wire.js';
import { RedisWebhookQueue, settlementDelivery, type WebhookDelivery } from '../../src/server/webhooks/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startTestService, WEBHOOK_SECRET } from '../helpers/service.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { orderSettlement } from '../helpers/settlement-fixture.js';

/** Webhooks queued in a real redis-server (append-only file on): shared by a fleet, kept across restarts. */

let redis: RedisServer;
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await redis.destroy();
});

function delivery(orderId: string, at: number): WebhookDelivery {
  return settlementDelivery(
    {
      settlement: orderSettlement({ checkout_id: `o:${orderId}`, order_id: orderId }),
      foreign_id: 'customer:1',
      callback: { id: 1, type: 'deposit', status: 'not_confirmed' },
      at,
    },
    at,
  );
}

describe('the Redis webhook queue', () => {
  it('adds a delivery once, leases it to one taker at a time, and lists the log newest first', async () => {
    const prefix = `q${Date.now()}:`;
    const a = new RedisWebhookQueue({ url: redis.url, prefix });
    const b = new RedisWebhookQueue({ url: redis.url, prefix });
    await Promise.all([a.ready(), b.ready()]);
    try {
      const first = delivery('1', 1000);
      assert.equal(await a.add(first), true);
      assert.equal(await b.add(first), false, 'a known id is not queued again');
      await a.add(delivery('2', 2000));
      assert.equal(await a.depth(), 2);

      const taken = await a.take(5000, 10, 30_000);
      assert.deepEqual(taken.map((d) => d.order_id).sort(), ['1', '2']);
      assert.deepEqual(await b.take(5000, 10, 30_000), [], 'leased: another instance does not send them too');
      assert.equal(await b.nextDue(), 35_000);
      assert.equal((await b.take(35_000, 1, 30_000)).length, 1, 'a lease that ran out (its instance died) falls due again');

      await a.save({ ...taken[0]!, state: 'delivered', next_attempt_at: null, delivered_at: 6000 });
      await a.save({ ...taken[1]!, next_attempt_at: 90_000 });
      assert.equal(await a.depth(), 1);
      assert.deepEqual(
        (await b.list({ limit: 10 })).map((d) => d.order_id),
        ['2', '1'],
      );
      assert.deepEqual(
        (await b.list({ limit: 10, state: 'delivered' })).map((d) => d.order_id),
        [taken[0]!.order_id],
      );
      assert.deepEqual(
        (await b.list({ limit: 10, order_id: '2' })).map((d) => d.order_id),
        ['2'],
      );

      const keys = new Redis(redis.url);
      try {
        const written = await keys.keys(`${prefix}*`);
        assert.deepEqual(written.map((k) => k.slice(prefix.length).replace(/:msg_.*/, ':<id>')).sort(), [
          'wh:d:<id>',
          'wh:d:<id>',
          'wh:due',
          'wh:log',
        ]);
        for (const key of written) assert.ok((await keys.pttl(key)) > 0, `${key} has a TTL`);
      } finally {
        keys.disconnect();
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses to queue while Redis is down (so the callback is not acknowledged)', async () => {
    const queue = new RedisWebhookQueue({ url: 'redis://127.0.0.1:1', redisOptions: { retryStrategy: () => null } });
    try {
      await assert.rejects(queue.add(delivery('3', 0)), { name: 'StoreUnavailableError' });
    } finally {
      await queue.close();
    }
  });
});

describe('redelivery after a restart', () => {
  it('delivers, after the service and Redis restarted, a webhook queued before: no callback needed again', async () => {
    const clock = new ManualClock();
    const receiver = await new WebhookReceiver().start();
    receiver.otherwise = 503;
    const env = { REDIS_URL: redis.url, MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET };
    const first = await startTestService({ clock, env, receiver: false, sandbox: { confirmationDelayMs: 10_000 } });
    let queuedId: string;
    try {
      const token = await first.mintToken({ foreign_id: 'customer:9', order_id: 'R-1', amount: '50.00', amount_currency: 'EUR' });
      const quote = (await first.call<RateQuote>(token, 'GET', 'rates?from=BTC&to=EUR')).json;
      const { json: grant } = await first.call<AddressGrant>(token, 'POST', 'addresses', { currency: 'BTC' });
      const amount = cryptoForFiat('50.00', quote.price, 8);
      assert.equal((await first.control('deposits', { address: grant.address.address, amount, outcome: 'pending' })).status, 201);
      await first.settled();
      assert.equal(receiver.received.length, 1, 'attempted once, answered 503');
      queuedId = receiver.received[0]!.headers.get('webhook-id')!;
    } finally {
      await first.close();
    }
    // Redis itself restarts too: the queue is in its append-only file.
    await redis.stop();
    await redis.start();

    receiver.otherwise = 200;
    const second = await startTestService({ clock, env, receiver: false });
    try {
      await second.settled();
      const queued = await second.service.webhooks!.get(queuedId);
      assert.equal(queued?.state, 'pending');
      clock.advance(queued!.next_attempt_at! - clock.now()); // the retry the first instance scheduled (5 s ± 20 %)
      await second.settled();
      assert.equal(receiver.received.length, 2);
      assert.equal(receiver.received[1]!.headers.get('webhook-id'), queuedId);
      assert.equal(receiver.received[1]!.json.data.order_id, 'R-1');
      const stored = await second.service.webhooks!.get(queuedId);
      assert.equal(stored?.state, 'delivered');
      assert.deepEqual(
        stored?.history.map((h) => h.status),
        [503, 200],
      );
    } finally {
      await second.close();
      await receiver.close();
    }
  });
});
