import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { CallbackPayload } from '../../src/core/api-types.js';
import type { AddressGrant, PaymentEvent } from '../../src/core/wire.js';
import { signPayload } from '../../src/server/coinspaid/index.js';
import { paymentEvent } from '../../src/server/proxy/callbacks.js';
import { openSse, type SseConnection } from '../helpers/sse.js';
import { startStack, type Stack, type StackOptions } from '../helpers/stack.js';
import { orderSettlement } from '../helpers/settlement-fixture.js';

/** A settlement to publish with an event (paymentEvent copies it as it is). */
const SETTLEMENT = orderSettlement();

let stack: Stack | undefined;
const streams: SseConnection[] = [];
afterEach(async () => {
  streams.splice(0).forEach((s) => s.close());
  await stack?.close();
  stack = undefined;
});

async function start(options: StackOptions = {}) {
  stack = await startStack({ confirmationDelayMs: 200, ...options });
  return stack;
}

async function takeAddress(s: Stack, foreignId: string, currency = 'BTC'): Promise<AddressGrant> {
  const token = await s.mintToken({ foreign_id: foreignId });
  const response = await fetch(`${s.url}/coinspaid/addresses`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currency }),
  });
  assert.equal(response.status, 201);
  return (await response.json()) as AddressGrant;
}

async function follow(s: Stack, grant: AddressGrant, headers: Record<string, string> = {}): Promise<SseConnection> {
  const stream = await openSse(`${s.url}/coinspaid/${grant.follow.stream}`, headers);
  streams.push(stream);
  return stream;
}

const events = (stream: SseConnection) =>
  stream.messages.filter((m) => m.event === 'payment').map((m) => JSON.parse(m.data) as PaymentEvent);

function signedCallback(s: Stack, payload: unknown, { key = s.apiKey, secret = s.apiSecret, alter = false } = {}) {
  const body = JSON.stringify(payload);
  const signature = signPayload(secret, body);
  return fetch(`${s.url}/coinspaid/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Processing-Key': key, 'X-Processing-Signature': signature },
    body: alter ? body.replace('0.01', '9.01') : body,
  });
}

function depositPayload(grant: AddressGrant, status: string, id = 777): CallbackPayload {
  return {
    id,
    type: 'deposit',
    status,
    error: '',
    foreign_id: null,
    crypto_address: grant.address,
    currency_sent: { currency: 'BTC', amount: '0.01' },
    currency_received: { currency: 'BTC', amount: '0.01' },
    transactions: [
      {
        id,
        currency: 'BTC',
        transaction_type: 'blockchain',
        type: 'deposit',
        address: grant.address.address,
        tag: null,
        amount: '0.01',
        txid: 'ab',
        confirmations: 1,
      },
    ],
    fees: [],
  };
}

describe('proxy callbacks → live status', () => {
  it('streams a deposit from not_confirmed to confirmed to its followers only', async () => {
    const s = await start();
    const mine = await takeAddress(s, 'customer-a');
    const theirs = await takeAddress(s, 'customer-b');
    const myStream = await follow(s, mine);
    const theirStream = await follow(s, theirs);
    await s.control('deposits', { address: mine.address.address, amount: '0.01', outcome: 'confirmed' });
    await myStream.until((m) => m.some((x) => x.data.includes('"confirmed"')));
    assert.deepEqual(
      events(myStream).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
    const confirmed = events(myStream)[1]!;
    assert.equal(confirmed.sent?.amount, '0.01000000', 'as CoinsPaid writes it, padded');
    assert.ok((confirmed.confirmations ?? 0) > 0);
    const [first, second] = events(myStream).map((e) => Number(e.id));
    assert.ok(second! > first!, 'event ids increase');
    assert.equal(events(theirStream).length, 0);
    assert.equal(s.handled.length, 2);
  });

  it('streams cancelled as a final status', async () => {
    const s = await start();
    const grant = await takeAddress(s, 'customer-c', 'LTC');
    const stream = await follow(s, grant);
    await s.control('deposits', { address: grant.address.address, amount: '1', outcome: 'cancelled' });
    await stream.until((m) => m.some((x) => x.data.includes('"cancelled"')));
    assert.match(events(stream)[1]!.error, /double spend/);
  });

  it('rejects forged, altered and wrong-key callbacks and publishes nothing', async () => {
    const s = await start();
    const grant = await takeAddress(s, 'customer-d');
    const stream = await follow(s, grant);
    const forged = await signedCallback(s, depositPayload(grant, 'confirmed'), { secret: 'not-the-secret' });
    const altered = await signedCallback(s, depositPayload(grant, 'confirmed'), { alter: true });
    const wrongKey = await signedCallback(s, depositPayload(grant, 'confirmed'), { key: 'someone-else' });
    const unsigned = await fetch(`${s.url}/coinspaid/callback`, {
      method: 'POST',
      body: JSON.stringify(depositPayload(grant, 'confirmed')),
    });
    for (const response of [forged, altered, wrongKey, unsigned]) {
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { code: string }).code, 'callback_rejected');
    }
    const signedGarbage = await fetch(`${s.url}/coinspaid/callback`, {
      method: 'POST',
      headers: { 'X-Processing-Key': s.apiKey, 'X-Processing-Signature': signPayload(s.apiSecret, 'not json') },
      body: 'not json',
    });
    assert.equal(signedGarbage.status, 400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(events(stream).length, 0);
    assert.equal(s.handled.length, 0);
  });

  it('does not call the handler again for a duplicate callback', async () => {
    const s = await start();
    const grant = await takeAddress(s, 'customer-e');
    const stream = await follow(s, grant);
    await s.control('config', { duplicate_callbacks: true });
    await s.control('deposits', { address: grant.address.address, amount: '0.01', outcome: 'confirmed' });
    await stream.until((m) => m.some((x) => x.data.includes('"confirmed"')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(
      s.handled.map((p) => p.status),
      ['not_confirmed', 'confirmed'],
    );
    assert.deepEqual(
      events(stream).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
    const second = await signedCallback(s, depositPayload(grant, 'confirmed', s.handled[1]!.id));
    assert.equal(second.status, 200);
    assert.deepEqual(((await second.json()) as { duplicate: boolean }).duplicate, true);
  });

  it('answers 500 when the handler throws, so CoinsPaid retries; handles the retry and publishes once', async () => {
    let calls = 0;
    const handled: string[] = [];
    const s = await start({
      timeScale: 600, // CoinsPaid's 1-minute retry arrives in 100 ms
      confirmationDelayMs: 300_000, // the confirmation (500 ms) comes after the first retry (100 ms)
      onCallback: (payload) => {
        calls++;
        if (calls === 1) throw new Error('database down');
        handled.push(payload.status);
      },
    });
    const grant = await takeAddress(s, 'customer-f');
    const stream = await follow(s, grant);
    await s.control('deposits', { address: grant.address.address, amount: '0.01', outcome: 'confirmed' });
    await stream.until((m) => m.some((x) => x.data.includes('"confirmed"')), 5000);
    const log = (await (await s.control('callbacks', undefined, 'GET')).json()) as { data: Array<{ attempts: Array<{ status: number }> }> };
    assert.deepEqual(
      log.data[0]!.attempts.map((a) => a.status),
      [500, 200],
    );
    assert.equal(calls, 3);
    assert.deepEqual(handled, ['not_confirmed', 'confirmed']);
    assert.deepEqual(
      events(stream).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
  });
});

describe('proxy status stream and poll', () => {
  it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
    const s = await start();
    const grant = await takeAddress(s, 'customer-g');
    const first = await follow(s, grant);
    await s.control('deposits', { address: grant.address.address, amount: '0.01', outcome: 'confirmed' });
    await first.until((m) => m.length >= 1);
    const seen = events(first)[0]!.id;
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 400)); // the confirmation lands while disconnected
    const again = await follow(s, grant, { 'Last-Event-ID': seen });
    await again.until((m) => m.some((x) => x.data.includes('"confirmed"')));
    assert.deepEqual(
      events(again).map((e) => e.status),
      ['confirmed'],
    );
    const fresh = await follow(s, grant);
    await fresh.until((m) => m.length >= 2);
    assert.deepEqual(
      events(fresh).map((e) => e.id),
      [seen, events(again)[0]!.id],
    );
  });

  it('sends heartbeats', async () => {
    const s = await start({ heartbeatMs: 50 });
    const stream = await follow(s, await takeAddress(s, 'customer-h'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(stream.comments.filter((c) => c === 'heartbeat').length >= 2, JSON.stringify(stream.comments));
    assert.equal(stream.status, 200);
  });

  it('serves the same events to pollers, after a given id', async () => {
    const s = await start();
    const grant = await takeAddress(s, 'customer-i');
    await s.control('deposits', { address: grant.address.address, amount: '0.01', outcome: 'confirmed' });
    const poll = async (after?: string) =>
      (
        (await (await fetch(`${s.url}/coinspaid/${grant.follow.poll}${after ? `?after=${after}` : ''}`)).json()) as {
          events: PaymentEvent[];
        }
      ).events;
    for (let i = 0; i < 50 && (await poll()).length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      (await poll()).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
    assert.deepEqual(
      (await poll((await poll())[0]!.id)).map((e) => e.status),
      ['confirmed'],
    );
  });

  it('refuses a forged or altered capability with 404', async () => {
    const s = await start();
    const grant = await takeAddress(s, 'customer-j');
    const [channel, mac] = grant.follow.capability.split('.');
    const otherChannel = Buffer.from(`address:${grant.address.id + 1}`).toString('base64url');
    for (const capability of [`${otherChannel}.${mac}`, `${channel}.${mac!.slice(0, -2)}AA`, 'nonsense', `${channel}`]) {
      const response = await fetch(`${s.url}/coinspaid/follow/${capability}`);
      assert.equal(response.status, 404, capability);
      const stream = await fetch(`${s.url}/coinspaid/follow/${capability}/stream`);
      assert.equal(stream.status, 404, capability);
    }
    assert.equal((await fetch(`${s.url}/coinspaid/follow/${grant.follow.capability}?after=abc`)).status, 400);
    assert.equal((await fetch(`${s.url}/coinspaid/${grant.follow.stream}`, { headers: { 'Last-Event-ID': 'x' } })).status, 400);
  });
});

describe('payment events from callbacks', () => {
  const clock = { now: () => 1_800_000_000_000, setTimeout, clearTimeout } as unknown as Parameters<typeof paymentEvent>[1];
  const tx = (id: number, amount: string, txid: string) => ({
    id,
    currency: 'BTC',
    transaction_type: 'blockchain',
    type: 'deposit',
    address: 'bc1qx',
    tag: null,
    amount,
    txid,
    confirmations: 1,
  });

  it('reports what an invoice paid in two parts actually received, what remains, the latest txid and the new expiry', () => {
    const payload: CallbackPayload = {
      id: 55,
      type: 'invoice',
      status: 'pending',
      error: '',
      foreign_id: 'order-1',
      currency_sent: { currency: 'BTC', amount: '0.002', remaining_amount: '0.0005' },
      currency_received: { currency: 'EUR', amount: '106.75' },
      transactions: [tx(1, '0.001', 'first'), tx(2, '0.0005', 'second')],
      fees: [],
      fixed_at: 1_799_999_000,
      expires_at: 1_800_086_400,
    };
    const event = paymentEvent(payload, clock, SETTLEMENT)!;
    assert.deepEqual(event.sent, { currency: 'BTC', amount: '0.0015' });
    assert.equal(event.remaining, '0.0005');
    assert.equal(event.txid, 'second');
    assert.equal(event.expires_at, 1_800_086_400);
    assert.equal(event.kind, 'invoice');
  });

  it('keeps a deposit’s own amount and has no invoice fields', () => {
    const payload: CallbackPayload = {
      id: 56,
      type: 'deposit',
      status: 'confirmed',
      error: '',
      foreign_id: null,
      currency_sent: { currency: 'BTC', amount: '0.01' },
      currency_received: { currency: 'BTC', amount: '0.01' },
      transactions: [tx(3, '0.01', 'only')],
      fees: [],
    };
    const event = paymentEvent(payload, clock, SETTLEMENT)!;
    assert.deepEqual(event.sent, { currency: 'BTC', amount: '0.01' });
    assert.equal(event.remaining, null);
    assert.equal(event.expires_at, null);
  });

  it('ignores statuses it does not know instead of publishing them', () => {
    assert.equal(
      paymentEvent(
        { id: 57, type: 'deposit', status: 'bogus', error: '', foreign_id: null, transactions: [], fees: [] },
        clock,
        SETTLEMENT,
      ),
      null,
    );
  });
});
