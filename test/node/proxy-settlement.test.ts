import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cryptoForFiat, subtractDecimal } from '../../src/core/amount.js';
import type { CallbackPayload } from '../../src/core/api-types.js';
import type { AddressGrant, OrderSettlement, PaymentEvent, PaymentPoll, RateQuote } from '../../src/core/wire.js';
import { signPayload } from '../../src/server/coinspaid/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * The whole money path over HTTP: token → address → the sandbox's signed callbacks → the proxy's settlement → what the
 * merchant's onCallback is told and what the widget's stream carries. Time is a manual clock.
 */

const CONFIRMATION_MS = 10_000;
const PRICE = { amount: '106.75', amount_currency: 'EUR', convert_to: 'EUR' } as const;

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(): Promise<{ s: Stack; clock: ManualClock }> {
  const clock = new ManualClock();
  stack = await startStack({ clock, confirmationDelayMs: CONFIRMATION_MS, createLimitPerMinute: 1000 });
  return { s: stack, clock };
}

async function call<T>(s: Stack, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${s.url}/coinspaid/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** A checkout as the widget starts one: the rate it shows, then the address. */
async function begin(s: Stack, claims: Record<string, unknown>) {
  const token = await s.mintToken({ foreign_id: 'customer:42', ...PRICE, ...claims });
  const quote = (await call<RateQuote>(s, token, 'GET', 'rates?from=BTC&to=EUR')).json;
  const { status, json: grant } = await call<AddressGrant>(s, token, 'POST', 'addresses', { currency: 'BTC', convert_to: 'EUR' });
  assert.equal(status, 201);
  return { token, grant, quote, asked: cryptoForFiat(PRICE.amount, quote.price, 8) };
}

/** The customer pays `amount` to the address; the sandbox sends not_confirmed now and the outcome after the delay. */
async function pay(s: Stack, clock: ManualClock, address: string, amount: string, outcome = 'confirmed') {
  const answer = await s.control('deposits', { address, amount, outcome });
  assert.equal(answer.status, 201, await answer.clone().text());
  await s.delivered();
  clock.advance(CONFIRMATION_MS);
  await s.delivered();
}

async function eventsOf(s: Stack, grant: AddressGrant): Promise<PaymentEvent[]> {
  const response = await fetch(`${s.url}/coinspaid/${grant.follow.poll}`);
  return ((await response.json()) as PaymentPoll).events;
}

const toldFor = (s: Stack, orderId: string) => s.told.filter((t) => t.settlement?.order_id === orderId).map((t) => t.settlement!);

describe('settlement over HTTP: what the shop is told and what the widget shows', () => {
  it('tells onCallback an underpayment is underpaid (never paid) with what remains, and paid once the rest arrives', async () => {
    const { s, clock } = await start();
    const { grant, asked, quote } = await begin(s, { order_id: '1042' });
    const half = cryptoForFiat('53.375', quote.price, 8);
    await pay(s, clock, grant.address.address, half);

    const afterHalf = toldFor(s, '1042');
    assert.deepEqual(
      afterHalf.map((t) => t.status),
      ['pending', 'underpaid'],
    );
    const underpaid = afterHalf.at(-1)!;
    assert.equal(underpaid.expected?.amount, '106.75');
    assert.ok(underpaid.remaining && Number(underpaid.remaining.amount) > 50, JSON.stringify(underpaid.remaining));
    // The CoinsPaid status was confirmed all the same: the bare status is not the outcome.
    assert.equal(s.told.at(-1)!.payload.status, 'confirmed');

    await pay(s, clock, grant.address.address, subtractDecimal(asked, half));
    const final = toldFor(s, '1042').at(-1)!;
    assert.equal(final.status, 'paid');
    assert.equal(final.payments.length, 2);
    // The widget's stream carries the same settlements, in the same order.
    const streamed = (await eventsOf(s, grant)).map((e) => e.settlement?.status);
    assert.deepEqual(streamed, ['pending', 'underpaid', 'pending', 'paid']);
  });

  it("never marks a returning customer's new order paid with the earlier order's payment, on the server or the stream", async () => {
    const { s, clock } = await start();
    const first = await begin(s, { order_id: 'A-1' });
    await pay(s, clock, first.grant.address.address, first.asked);
    assert.equal(toldFor(s, 'A-1').at(-1)?.status, 'paid');

    clock.advance(60_000);
    const second = await begin(s, { order_id: 'B-2' });
    assert.equal(second.grant.address.address, first.grant.address.address, 'CoinsPaid reuses the address per foreign_id');
    assert.equal(second.grant.settlement.status, 'waiting');
    assert.equal(second.grant.settlement.order_id, 'B-2');
    assert.deepEqual(await eventsOf(s, second.grant), []);

    await pay(s, clock, second.grant.address.address, second.asked);
    assert.equal(toldFor(s, 'B-2').at(-1)?.status, 'paid');
    assert.equal(toldFor(s, 'A-1').length, 2, 'the second payment never reached order A');
  });

  it('continues a reloaded checkout: a new token for the same order gets the payment already seen, not a new request', async () => {
    const { s } = await start();
    const { grant, asked } = await begin(s, { order_id: '77' });
    await s.control('deposits', { address: grant.address.address, amount: asked, outcome: 'pending' });
    await s.delivered();
    const reloaded = await begin(s, { order_id: '77' });
    assert.equal(reloaded.grant.settlement.status, 'pending');
    assert.equal(reloaded.grant.settlement.payments[0]?.sent.amount, asked);
    assert.equal(reloaded.grant.follow.capability, grant.follow.capability, 'the same checkout, the same channel');
  });

  it('refuses a new token that changes the price of an order already paid in part (409 order_conflict)', async () => {
    const { s, clock } = await start();
    const { grant } = await begin(s, { order_id: '88' });
    await pay(s, clock, grant.address.address, '0.0001');
    const token = await s.mintToken({
      foreign_id: 'customer:42',
      order_id: '88',
      amount: '99.00',
      amount_currency: 'EUR',
      convert_to: 'EUR',
    });
    const { status, json } = await call<{ code: string }>(s, token, 'POST', 'addresses', { currency: 'BTC', convert_to: 'EUR' });
    assert.equal(status, 409);
    assert.equal(json.code, 'order_conflict');
  });

  it('hands each outcome to onCallback once though CoinsPaid delivers every callback twice', async () => {
    const { s, clock } = await start();
    await s.control('config', { duplicate_callbacks: true });
    const { grant, asked } = await begin(s, { order_id: '5' });
    await pay(s, clock, grant.address.address, asked);
    assert.deepEqual(
      toldFor(s, '5').map((t) => t.status),
      ['pending', 'paid'],
    );
    assert.equal((await eventsOf(s, grant)).length, 2);
  });

  it('acknowledges a status that goes backwards but passes it on to neither onCallback nor the widget', async () => {
    const { s, clock } = await start();
    const { grant, asked } = await begin(s, { order_id: '6' });
    await pay(s, clock, grant.address.address, asked);
    const confirmed = s.told.at(-1)!.payload;
    const stale: CallbackPayload = { ...confirmed, status: 'not_confirmed' };
    const body = JSON.stringify(stale);
    const response = await fetch(`${s.url}/coinspaid/callback`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Processing-Key': s.apiKey,
        'X-Processing-Signature': signPayload(s.apiSecret, body),
      },
      body,
    });
    assert.equal(response.status, 200);
    assert.equal(toldFor(s, '6').length, 2);
    assert.deepEqual(
      (await eventsOf(s, grant)).map((e) => e.status),
      ['not_confirmed', 'confirmed'],
    );
  });

  it('settles a checkout without an order (an account top-up) on any confirmed amount, keyed by its token', async () => {
    const { s, clock } = await start();
    const token = await s.mintToken({ foreign_id: 'player:9' });
    const { json: grant } = await call<AddressGrant>(s, token, 'POST', 'addresses', { currency: 'LTC' });
    assert.equal(grant.settlement.order_id, null);
    assert.match(grant.settlement.checkout_id, /^t:/);
    await pay(s, clock, grant.address.address, '0.5');
    const told = s.told.at(-1)!.settlement as OrderSettlement;
    assert.equal(told.status, 'paid');
    assert.deepEqual(told.received, { amount: '0.5', currency: 'LTC' });
  });
});

describe('the price is the token’s only', () => {
  it('refuses a terminal link whose amount is not the price, and one that names an amount for a fiat price', async () => {
    const { s } = await start();
    const priced = await s.mintToken({ order_id: '9', amount: '0.01', amount_currency: 'BTC' });
    const lower = await call<{ code: string }>(s, priced, 'POST', 'terminal-url', { currency: 'BTC', amount: '0.005' });
    assert.equal(lower.status, 403);
    assert.equal(lower.json.code, 'forbidden_by_token');
    const fiat = await s.mintToken({ order_id: '10', ...PRICE });
    const named = await call<{ code: string }>(s, fiat, 'POST', 'terminal-url', { currency: 'BTC', amount: '0.0001' });
    assert.equal(named.status, 403);
  });

  it('refuses an embed page that names a price the token does not have', async () => {
    const { s } = await start();
    const open = await s.mintToken({ foreign_id: 'player:9' });
    const url = `${s.url}/coinspaid/embed?token=${open}&parent=${encodeURIComponent('https://shop.example')}&amount=99&amount-currency=EUR`;
    const response = await fetch(url);
    assert.equal(response.status, 403);
  });
});
