import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import {
  isWebhookSecret,
  settlementDelivery,
  settlementWebhookId,
  WebhookSigner,
  type SettlementWebhook,
} from '../../src/server/webhooks/index.js';
import { verifyStandardWebhook } from '../helpers/webhook-verifier.js';
import { orderSettlement, settlementPayment } from '../helpers/settlement-fixture.js';

/**
 * The published test vector of the Standard Webhooks scheme: the "sign function works" case that every reference
 * library of github.com/standard-webhooks/standard-webhooks checks — libraries/javascript/src/webhook.test.ts,
 * libraries/python/tests/test_webhooks.py (test_sign_function), libraries/go/webhook_test.go,
 * libraries/php/tests/WebhookTest.php (testSignFunctionWorks), libraries/ruby/spec/webhook_spec.rb and
 * libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs — and the near miss the Python suite must refuse
 * (test_invalid_signature_raises_error: the last character before the padding changed).
 */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  nearMiss: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=',
};

const SECRET = `whsec_${Buffer.from('service-webhook-secret-32-bytes!').toString('base64')}`;

const settlement = orderSettlement({
  checkout_id: 'o:1042',
  order_id: '1042',
  deadline: 1768480000,
  status: 'paid',
  expected: { amount: '106.75', currency: 'EUR' },
  received: { amount: '106.75', currency: 'EUR' },
  payments: [
    settlementPayment({
      id: 7001,
      status: 'confirmed',
      sent: { amount: '0.00254167', currency: 'BTC' },
      value: { amount: '106.75', currency: 'EUR' },
      txid: 'ab'.repeat(32),
      seen_at: 1768478400,
    }),
  ],
});
const change = { settlement, foreign_id: 'customer:42', callback: { id: 7001, type: 'deposit', status: 'confirmed' }, at: 1768478410_000 };

describe('webhook signatures: the Standard Webhooks scheme', () => {
  it('signs the published test vector exactly as the reference libraries do', () => {
    const headers = new WebhookSigner(VECTOR.secret).headers(VECTOR.id, VECTOR.timestamp, VECTOR.payload);
    assert.deepEqual(headers, {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    });
  });

  it('verifies the vector with the independent node:crypto verifier, and refuses its near miss', () => {
    const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
    assert.deepEqual(verifyStandardWebhook(VECTOR.secret, headers, VECTOR.payload, VECTOR.timestamp), { ok: true });
    const nearMiss = { ...headers, 'webhook-signature': VECTOR.nearMiss };
    assert.equal(verifyStandardWebhook(VECTOR.secret, nearMiss, VECTOR.payload, VECTOR.timestamp).ok, false);
    // Several signatures (a secret being rotated): any one that matches will do.
    const rotated = { ...headers, 'webhook-signature': `${VECTOR.nearMiss} ${VECTOR.signature}` };
    assert.deepEqual(verifyStandardWebhook(VECTOR.secret, rotated, VECTOR.payload, VECTOR.timestamp), { ok: true });
  });

  it('signs a settlement webhook that the independent verifier and the standardwebhooks library both accept', () => {
    const delivery = settlementDelivery(change, change.at);
    const now = Math.floor(Date.now() / 1000);
    const headers = new WebhookSigner(SECRET).headers(delivery.id, now, delivery.body);
    assert.deepEqual(verifyStandardWebhook(SECRET, headers, delivery.body, now), { ok: true });
    const verified = new Webhook(SECRET).verify(delivery.body, headers) as SettlementWebhook;
    assert.equal(verified.type, 'settlement.updated');
    assert.equal(verified.data.status, 'paid');
    assert.equal(verified.data.order_id, '1042');
    assert.equal(verified.data.foreign_id, 'customer:42');
    assert.deepEqual(verified.data.callback, { id: 7001, type: 'deposit', status: 'confirmed' });
    assert.equal(verified.timestamp, new Date(change.at).toISOString());
  });

  it('refuses a webhook whose body, id or timestamp was altered, or that is too old', () => {
    const delivery = settlementDelivery(change, change.at);
    const now = Math.floor(Date.now() / 1000);
    const headers = new WebhookSigner(SECRET).headers(delivery.id, now, delivery.body);
    const altered = delivery.body.replace('"paid"', '"underpaid"');
    assert.equal(verifyStandardWebhook(SECRET, headers, altered, now).ok, false);
    assert.throws(() => new Webhook(SECRET).verify(altered, headers), WebhookVerificationError);
    assert.equal(verifyStandardWebhook(SECRET, { ...headers, 'webhook-id': 'msg_other' }, delivery.body, now).ok, false);
    assert.equal(verifyStandardWebhook(SECRET, { ...headers, 'webhook-timestamp': String(now + 1) }, delivery.body, now).ok, false);
    const old = new WebhookSigner(SECRET).headers(delivery.id, now - 3600, delivery.body);
    assert.deepEqual(verifyStandardWebhook(SECRET, old, delivery.body, now), { ok: false, reason: 'timestamp out of tolerance' });
    assert.throws(() => new Webhook(SECRET).verify(delivery.body, old), /too old/);
  });

  it('gives one settlement change one webhook-id: the same for a repeat, another for a real change', () => {
    const id = settlementWebhookId(settlement);
    assert.match(id, /^msg_[\w-]{24}$/);
    // The same change reported by another callback (deposit_exchange) or seen again later is the same message.
    assert.equal(
      settlementDelivery({ ...change, callback: { ...change.callback, type: 'deposit_exchange' }, at: change.at + 60_000 }, 0).id,
      id,
    );
    assert.notEqual(settlementWebhookId({ ...settlement, status: 'pending' }), id);
    const second = { ...settlement.payments[0]!, id: 7002 };
    assert.notEqual(settlementWebhookId({ ...settlement, payments: [...settlement.payments, second] }), id);
    assert.notEqual(settlementWebhookId({ ...settlement, checkout_id: 'o:1043', order_id: '1043' }), id);
  });

  it('accepts only whsec_ secrets of 24 to 64 bytes, as the specification serializes them', () => {
    assert.equal(isWebhookSecret(VECTOR.secret), true);
    assert.equal(isWebhookSecret(SECRET), true);
    assert.equal(isWebhookSecret(`whsec_${Buffer.alloc(16).toString('base64')}`), false, 'too short');
    assert.equal(isWebhookSecret(`whsec_${Buffer.alloc(65).toString('base64')}`), false, 'too long');
    assert.equal(isWebhookSecret(Buffer.alloc(32).toString('base64')), false, 'no prefix');
    assert.equal(isWebhookSecret('whsec_not base64!'), false);
    assert.throws(() => new WebhookSigner('secret'), TypeError);
  });
});
