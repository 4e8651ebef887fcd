import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, RateQuote } from '../../src/core/wire.js';
import type { CallbackDelivery } from '../../src/server/sandbox/index.js';
import { StoreUnavailableError } from '../../src/server/store/errors.js';
import { MemoryWebhookQueue, type WebhookDelivery } from '../../src/server/webhooks/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { MERCHANT_API_KEY, startTestService, WEBHOOK_SECRET, type TestService } from '../helpers/service.js';
import { verifyStandardWebhook } from '../helpers/webhook-verifier.js';

/**
 * The service end to end in one process: a checkout paid in the embedded sandbox, CoinsPaid's (the sandbox's) signed
 * callbacks, the settlement, and the webhook the merchant's backend receives. Time is a manual clock.
 */

const CONFIRMATION_MS = 10_000;
const PRICE = { amount: '106.75', amount_currency: 'EUR', convert_to: 'EUR' } as const;

let running: TestService | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof startTestService>[0] = {}) {
  const clock = new ManualClock();
  running = await startTestService({ clock, receiver: true, sandbox: { confirmationDelayMs: CONFIRMATION_MS }, ...options });
  return { s: running, clock };
}

async function checkout(s: TestService, orderId: string) {
  const token = await s.mintToken({ foreign_id: 'customer:42', order_id: orderId, ...PRICE });
  const quote = (await s.call<RateQuote>(token, 'GET', 'rates?from=BTC&to=EUR')).json;
  const { status, json: grant } = await s.call<AddressGrant>(token, 'POST', 'addresses', { currency: 'BTC', convert_to: 'EUR' });
  assert.equal(status, 201);
  return { grant, amount: cryptoForFiat(PRICE.amount, quote.price, 8) };
}

async function pay(s: TestService, clock: ManualClock, address: string, amount: string) {
  const answer = await s.control('deposits', { address, amount, outcome: 'confirmed' });
  assert.equal(answer.status, 201, await answer.clone().text());
  await s.settled();
  clock.advance(CONFIRMATION_MS);
  await s.settled();
}

async function sandboxCallbacks(s: TestService): Promise<CallbackDelivery[]> {
  return ((await (await s.control('callbacks', undefined, 'GET')).json()) as { data: CallbackDelivery[] }).data;
}

describe('webhooks from the service', () => {
  it('posts one signed settlement.updated webhook per settlement change of an order paid in the sandbox', async () => {
    const { s, clock } = await start();
    const { grant, amount } = await checkout(s, '1042');
    await pay(s, clock, grant.address.address, amount);

    const receiver = s.receiver!;
    assert.deepEqual(receiver.statuses(), ['pending', 'paid']);
    for (const webhook of receiver.received) {
      const at = Number(webhook.headers.get('webhook-timestamp'));
      assert.deepEqual(verifyStandardWebhook(WEBHOOK_SECRET, webhook.headers, webhook.body, at), { ok: true });
      assert.equal(at, Math.floor(clock.now() / 1000) - (webhook.json.data.status === 'pending' ? CONFIRMATION_MS / 1000 : 0));
    }
    const paid = receiver.received[1]!.json;
    assert.equal(paid.type, 'settlement.updated');
    assert.equal(paid.data.order_id, '1042');
    assert.equal(paid.data['checkout_id'], 'o:1042');
    assert.equal(paid.data['foreign_id'], 'customer:42');
    assert.deepEqual(paid.data['expected'], { amount: '106.75', currency: 'EUR' });
    const callback = paid.data['callback'] as { id: number; type: string; status: string };
    assert.equal(callback.status, 'confirmed');
    assert.match(callback.type, /^deposit/);
    assert.equal(typeof callback.id, 'number');
    assert.notEqual(receiver.received[0]!.headers.get('webhook-id'), receiver.received[1]!.headers.get('webhook-id'));
  });

  it('sends each change once though CoinsPaid delivers every callback twice', async () => {
    const { s, clock } = await start();
    await s.control('config', { duplicate_callbacks: true });
    const { grant, amount } = await checkout(s, '5');
    await pay(s, clock, grant.address.address, amount);
    assert.equal((await sandboxCallbacks(s)).length, 4, 'the sandbox sent every callback twice');
    assert.deepEqual(s.receiver!.statuses(), ['pending', 'paid']);
  });

  it('acknowledges no callback before its webhook is queued: a queue that fails makes the callback 503, and the retry queues it once', async () => {
    let failing = true;
    class FlakyQueue extends MemoryWebhookQueue {
      override async add(delivery: WebhookDelivery): Promise<boolean> {
        if (failing) throw new StoreUnavailableError(new Error('queue down'));
        return super.add(delivery);
      }
    }
    const clock = new ManualClock();
    const { s } = await start({ webhooks: { queue: new FlakyQueue({ clock }) }, clock });
    const { grant, amount } = await checkout(s, '900');
    assert.equal((await s.control('deposits', { address: grant.address.address, amount, outcome: 'pending' })).status, 201);
    await s.settled();

    const [first] = await sandboxCallbacks(s);
    assert.deepEqual(
      first!.attempts.map((a) => a.status),
      [503],
      'not acknowledged',
    );
    assert.equal(first!.delivered, false);
    assert.equal(s.receiver!.received.length, 0);
    assert.equal((await s.service.metrics.callbacks.get()).values.find((v) => v.labels.result === 'failed')?.value, 1);

    failing = false;
    clock.advance(60_000); // CoinsPaid's first retry, a minute later
    await s.settled();
    const [retried] = await sandboxCallbacks(s);
    assert.deepEqual(
      retried!.attempts.map((a) => a.status),
      [503, 200],
    );
    assert.deepEqual(s.receiver!.statuses(), ['pending']);
    assert.equal((await s.service.webhooks!.list({ limit: 10 })).length, 1);
  });

  it('shows the operator the delivery log and resends a delivery, behind the merchant API key', async () => {
    const { s, clock } = await start();
    const { grant, amount } = await checkout(s, '77');
    await pay(s, clock, grant.address.address, amount);
    const auth = { Authorization: `Bearer ${MERCHANT_API_KEY}` };

    assert.equal((await fetch(`${s.url}/webhooks/deliveries`)).status, 401);
    assert.equal((await fetch(`${s.url}/webhooks/deliveries`, { headers: { Authorization: 'Bearer nope' } })).status, 401);
    const list = (await (await fetch(`${s.url}/webhooks/deliveries`, { headers: auth })).json()) as {
      deliveries: Array<{ id: string; state: string; settlement_status: string; order_id: string; attempts: number; message: unknown }>;
    };
    assert.deepEqual(
      list.deliveries.map((d) => [d.settlement_status, d.state, d.order_id, d.attempts]),
      [
        ['paid', 'delivered', '77', 1],
        ['pending', 'delivered', '77', 1],
      ],
    );
    const paidId = list.deliveries[0]!.id;
    const filtered = await fetch(`${s.url}/webhooks/deliveries?state=failed`, { headers: auth });
    assert.deepEqual(((await filtered.json()) as { deliveries: unknown[] }).deliveries, []);
    const bad = await fetch(`${s.url}/webhooks/deliveries?state=lost&limit=0`, { headers: auth });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(((await bad.json()) as { errors: object }).errors).sort(), ['limit', 'state']);

    const one = await fetch(`${s.url}/webhooks/deliveries/${paidId}`, { headers: auth });
    assert.equal(((await one.json()) as { delivery: { history: unknown[] } }).delivery.history.length, 1);
    assert.equal((await fetch(`${s.url}/webhooks/deliveries/msg_nothing`, { headers: auth })).status, 404);

    const resend = await fetch(`${s.url}/webhooks/${paidId}/resend`, { method: 'POST', headers: auth });
    assert.equal(resend.status, 202);
    await s.settled();
    assert.equal(s.receiver!.received.length, 3);
    assert.equal(s.receiver!.received[2]!.headers.get('webhook-id'), paidId);
    assert.equal((await fetch(`${s.url}/webhooks/${paidId}/resend`, { method: 'POST' })).status, 401);
  });

  it('offers no delivery log without a merchant API key', async () => {
    const { s } = await start({ env: { MERCHANT_API_KEY: '' } });
    assert.equal((await fetch(`${s.url}/webhooks/deliveries`)).status, 404);
  });
});
