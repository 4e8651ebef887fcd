import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OrderSettlement } from '../../src/core/wire.js';
import {
  baseDelay,
  DEFAULT_RETRY_POLICY,
  MemoryWebhookQueue,
  nextStep,
  verdictOf,
  Webhooks,
  type DeliveryResult,
  type WebhookDelivery,
} from '../../src/server/webhooks/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { verifyStandardWebhook } from '../helpers/webhook-verifier.js';
import { orderSettlement, settlementPayment } from '../helpers/settlement-fixture.js';

/**
 * Delivery of queued webhooks to a real HTTP endpoint, timed by a manual clock: minutes and days of backoff pass in
 * no wall time. The jitter's dice land in the middle (0.5) unless a test says otherwise, so delays are exact.
 */

const SECRET = `whsec_${Buffer.from('delivery-test-secret-of-32-bytes').toString('base64')}`;
const SECOND = 1000;
const HOUR = 3600 * SECOND;

function settlement(status: OrderSettlement['status'], paymentId = 1): OrderSettlement {
  return orderSettlement({
    checkout_id: 'o:77',
    order_id: '77',
    status,
    expected: { amount: '10.00', currency: 'EUR' },
    payments: [settlementPayment({ id: paymentId })],
  });
}

let clock: ManualClock;
let receiver: WebhookReceiver;
let webhooks: Webhooks;
let queue: MemoryWebhookQueue;
let results: DeliveryResult[];

function start(url = receiver.url, random = () => 0.5) {
  queue = new MemoryWebhookQueue({ clock });
  results = [];
  webhooks = new Webhooks({ url, secret: SECRET, clock, queue, random, onResult: (result) => results.push(result) });
  webhooks.start();
}

/** Queues a change and (unless the endpoint hangs) waits for its first attempt to end. */
async function queueChange(
  status: OrderSettlement['status'] = 'pending',
  paymentId = 1,
  { attempted = true } = {},
): Promise<WebhookDelivery> {
  await webhooks.settlementChanged({
    settlement: settlement(status, paymentId),
    foreign_id: 'customer:7',
    callback: { id: paymentId, type: 'deposit', status: 'not_confirmed' },
    at: clock.now(),
  });
  if (attempted) await webhooks.dispatcher.idle();
  const [latest] = await queue.list({ limit: 1 });
  return latest!;
}

/** Moves the clock and waits for what falls due to be attempted. */
async function pass(ms: number): Promise<void> {
  clock.advance(ms);
  await webhooks.dispatcher.idle();
}

beforeEach(async () => {
  clock = new ManualClock();
  receiver = await new WebhookReceiver().start();
});
afterEach(async () => {
  await webhooks.stop();
  await receiver.close();
});

describe('webhook delivery', () => {
  it('posts a queued change at once, signed with the attempt time, and marks it delivered', async () => {
    start();
    const delivery = await queueChange();
    assert.equal(receiver.received.length, 1);
    const [first] = receiver.received;
    assert.equal(first!.headers.get('webhook-id'), delivery.id);
    assert.equal(first!.headers.get('webhook-timestamp'), String(Math.floor(clock.now() / 1000)));
    assert.equal(first!.headers.get('content-type'), 'application/json');
    assert.deepEqual(verifyStandardWebhook(SECRET, first!.headers, first!.body, Math.floor(clock.now() / 1000)), { ok: true });
    assert.equal(first!.json.type, 'settlement.updated');
    const stored = (await queue.get(delivery.id))!;
    assert.equal(stored.state, 'delivered');
    assert.equal(stored.delivered_at, clock.now());
    assert.equal(await queue.depth(), 0);
    assert.deepEqual(results, ['delivered']);
  });

  it('queues a change once: CoinsPaid repeating the callback brings the same webhook-id, which is dropped', async () => {
    start();
    await queueChange('pending');
    await queueChange('pending');
    assert.equal(receiver.received.length, 1);
    assert.equal((await queue.list({ limit: 10 })).length, 1);
    await queueChange('pending', 2); // another payment: another change
    assert.equal(receiver.received.length, 2);
  });

  it('retries 5xx answers with exponential backoff (5 s, 15 s, 45 s), never early, with the same id and a fresh signature', async () => {
    receiver.answers = [500, 502, 503];
    start();
    const delivery = await queueChange();
    assert.equal(receiver.received.length, 1);
    for (const [i, delay] of [5, 15, 45].map((s, i) => [i, s * SECOND] as const)) {
      await pass(delay - 1);
      assert.equal(receiver.received.length, i + 1, `not before ${delay} ms`);
      await pass(1);
      assert.equal(receiver.received.length, i + 2, `attempt ${i + 2} at ${delay} ms`);
    }
    const ids = new Set(receiver.received.map((r) => r.headers.get('webhook-id')));
    assert.deepEqual([...ids], [delivery.id]);
    const stamps = receiver.received.map((r) => Number(r.headers.get('webhook-timestamp')));
    assert.deepEqual(
      stamps.map((t) => t - stamps[0]!),
      [0, 5, 20, 65],
    );
    for (const r of receiver.received)
      assert.equal(verifyStandardWebhook(SECRET, r.headers, r.body, Number(r.headers.get('webhook-timestamp'))).ok, true);
    const stored = (await queue.get(delivery.id))!;
    assert.equal(stored.state, 'delivered');
    assert.deepEqual(
      stored.history.map((h) => h.status),
      [500, 502, 503, 200],
    );
    assert.equal(stored.history[0]!.error, 'HTTP 500: not now');
    assert.deepEqual(results, ['retry', 'retry', 'retry', 'delivered']);
  });

  it('gives up an attempt that gets no answer within 15 s and tries again', async () => {
    receiver.hang();
    start();
    const delivery = await queueChange('pending', 1, { attempted: false });
    await receiver.receivedAtLeast(1);
    clock.advance(DEFAULT_RETRY_POLICY.timeoutMs);
    await webhooks.dispatcher.idle();
    const afterTimeout = (await queue.get(delivery.id))!;
    assert.equal(afterTimeout.state, 'pending');
    assert.equal(afterTimeout.history[0]!.error, 'no answer within 15000 ms');
    assert.equal(afterTimeout.history[0]!.status, null);
    assert.equal(afterTimeout.next_attempt_at, clock.now() + 5 * SECOND);
    receiver.release();
    await pass(5 * SECOND);
    assert.equal(receiver.received.length, 2);
    assert.equal((await queue.get(delivery.id))!.state, 'delivered');
  });

  it('retries when the endpoint cannot be reached at all', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    start(`http://127.0.0.1:${closedPort}/hook`);
    const delivery = await queueChange();
    const stored = (await queue.get(delivery.id))!;
    assert.equal(stored.state, 'pending');
    assert.match(stored.history[0]!.error!, /ECONNREFUSED/);
  });

  it('keeps retrying a failing endpoint for 72 hours (far more than a day), then gives up', async () => {
    receiver.otherwise = 503;
    start();
    const delivery = await queueChange();
    const began = clock.now();
    let stored = (await queue.get(delivery.id))!;
    while (stored.state === 'pending') {
      await pass(stored.next_attempt_at! - clock.now());
      stored = (await queue.get(delivery.id))!;
    }
    assert.equal(stored.state, 'failed');
    const lastAttempt = stored.history.at(-1)!.at;
    assert.ok(lastAttempt - began >= 66 * HOUR, `last attempt ${(lastAttempt - began) / HOUR} h after the first`);
    assert.ok(lastAttempt - began <= 72 * HOUR);
    assert.equal(stored.attempts, 20);
    assert.equal(receiver.received.length, 20);
    assert.equal(results.at(-1), 'failed');
    assert.equal(await queue.depth(), 0);
  });

  it('gives up a client error (4xx) after 5 attempts, a 410 Gone at once', async () => {
    receiver.otherwise = 404;
    start();
    const notFound = await queueChange('pending', 1);
    for (let i = 0; i < 6; i++) await pass(HOUR);
    assert.equal((await queue.get(notFound.id))!.state, 'failed');
    assert.equal((await queue.get(notFound.id))!.attempts, 5);

    receiver.otherwise = 410;
    const gone = await queueChange('pending', 2);
    assert.equal((await queue.get(gone.id))!.state, 'failed');
    assert.equal((await queue.get(gone.id))!.attempts, 1);
  });

  it('treats 408 and 429 as temporary and waits as long as Retry-After asks', async () => {
    receiver.answers = [{ status: 429, headers: { 'Retry-After': '120' } }, 408];
    start();
    const delivery = await queueChange();
    assert.equal((await queue.get(delivery.id))!.next_attempt_at, clock.now() + 120 * SECOND);
    await pass(119 * SECOND);
    assert.equal(receiver.received.length, 1);
    await pass(SECOND);
    assert.equal(receiver.received.length, 2);
    await pass(15 * SECOND);
    assert.equal((await queue.get(delivery.id))!.state, 'delivered');
  });

  it('resends a given-up delivery on request, with the same webhook-id and a new series of retries', async () => {
    receiver.otherwise = 410;
    start();
    const delivery = await queueChange();
    assert.equal((await queue.get(delivery.id))!.state, 'failed');
    receiver.otherwise = 200;
    const resent = await webhooks.resend(delivery.id);
    assert.equal(resent?.state, 'pending');
    await webhooks.dispatcher.idle();
    const stored = (await queue.get(delivery.id))!;
    assert.equal(stored.state, 'delivered');
    assert.equal(stored.attempts, 2);
    assert.equal(receiver.received[1]!.headers.get('webhook-id'), delivery.id);
    assert.equal(await webhooks.resend('msg_unknown'), undefined);
  });
});

describe('the retry schedule', () => {
  it('classifies answers: 2xx delivered; 5xx, 408, 429 and no answer temporary; 410 gone; other 4xx and 3xx client errors', () => {
    assert.equal(verdictOf(204), 'delivered');
    for (const status of [500, 502, 503, 504, 408, 429, null]) assert.equal(verdictOf(status), 'temporary', String(status));
    assert.equal(verdictOf(410), 'gone');
    for (const status of [301, 400, 401, 403, 404, 422]) assert.equal(verdictOf(status), 'client_error', String(status));
  });

  it('grows by three times from 5 s up to 6 h, and jitters each delay by at most ±20 %', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 8, 9, 15].map((n) => baseDelay(n) / SECOND),
      [5, 15, 45, 135, 10935, 21600, 21600],
    );
    const at = (random: number) => nextStep({ status: 503, retryAfterMs: null }, 3, 0, 0, () => random).next_attempt_at!;
    assert.equal(at(0), 36 * SECOND);
    assert.equal(at(0.5), 45 * SECOND);
    assert.equal(at(0.999999), 54 * SECOND);
  });
});
