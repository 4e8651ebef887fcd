/**
 * Callbacks and the control API that causes them: signed like CoinsPaid over the raw bytes, `/` escaped as `\/`,
 * retried on CoinsPaid's schedule, optionally duplicated; deposits (not_confirmed → confirmed | cancelled),
 * withdrawals and the invoice lifecycle. Mostly on a manual clock; one test runs the schedule on a scaled clock.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import Big from 'big.js';
import { scaledClock } from '../../src/core/clock.js';
import { CALLBACK_RETRY_MINUTES } from '../../src/server/sandbox/index.js';
import {
  apiKey,
  apiSecret,
  CallbackReceiver,
  dataOf,
  errorsOf,
  invoiceBody,
  ManualClock,
  settle,
  startSandbox,
  T0,
  until,
  type RunningSandbox,
} from './sandbox-harness.test.js';

const clock = new ManualClock(T0);
const receiver = new CallbackReceiver(clock);
let s: RunningSandbox;
const DELAY = 30_000;

before(async () => {
  await receiver.start();
  s = await startSandbox({ clock, callbackUrl: receiver.url, confirmationDelayMs: DELAY });
});
beforeEach(async () => {
  await s.control('reset');
  await s.control('config', { callback_url: receiver.url, duplicate_callbacks: false });
  receiver.clear();
});
after(async () => {
  await s.close();
  await receiver.close();
});

type Tx = { id: number; txid: string; confirmations: number | string; amount: string; address: string; tag: string | null; type: string };
const address = async (body: Record<string, unknown>) =>
  dataOf<{ address: string; tag: string | null; id: number }>(await s.api('addresses/take', body), 201);
const callbacks = async (n: number, what = `${n} callbacks`) =>
  until(() => (receiver.received.length >= n ? receiver.received : undefined), what);

describe('sandbox callbacks: signed and serialized like CoinsPaid', () => {
  it('signs the raw body with HMAC-SHA512 of the api secret and sends the api key', async () => {
    const a = await address({ foreign_id: 'sig', currency: 'BTC' });
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    const [cb] = await callbacks(1);
    assert.equal(cb!.headers.get('x-processing-key'), apiKey);
    assert.equal(cb!.headers.get('x-processing-signature'), createHmac('sha512', apiSecret).update(cb!.raw).digest('hex'));
    assert.match(cb!.headers.get('content-type') ?? '', /application\/json/);
  });

  it('escapes / as \\/ so that re-encoding the parsed JSON does not reproduce the signed bytes', async () => {
    const a = await address({ foreign_id: 'user/2048', currency: 'BTC' });
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed', txid: 'tx/with/slashes' });
    const [cb] = await callbacks(1);
    assert.ok(cb!.text.includes('user\\/2048'), cb!.text);
    assert.ok(cb!.text.includes('tx\\/with\\/slashes'));
    assert.ok(!/[^\\]\//.test(cb!.text), 'no unescaped slash');
    const reencoded = JSON.stringify(JSON.parse(cb!.text));
    assert.notEqual(reencoded, cb!.text);
    assert.notEqual(createHmac('sha512', apiSecret).update(reencoded).digest('hex'), cb!.headers.get('x-processing-signature'));
    assert.equal((cb!.body['crypto_address'] as { foreign_id: string }).foreign_id, 'user/2048', 'the escape is only in the bytes');
  });

  it('retries a refused callback after exactly 1, 5, 10, 15, 20, 30, 60, 90, 120, 150, 180, 210 and 240 minutes, then gives up', async () => {
    receiver.always = 500;
    const a = await address({ foreign_id: 'retry', currency: 'BTC' });
    // The not_confirmed callback only: its final callback would add a second delivery.
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    await callbacks(1);
    const sent = receiver.received[0]!.text;
    const times: number[] = [receiver.received[0]!.at];
    for (const minutes of CALLBACK_RETRY_MINUTES) {
      type Delivery = { body: string; attempts: Array<{ status: number | null }>; next_retry_at: number | null };
      const log = dataOf<Delivery[]>(await s.control('callbacks', undefined, 'GET'));
      const delivery = log.find((d) => d.body === sent)!;
      assert.equal(delivery.next_retry_at, times.at(-1)! + minutes * 60_000, `retry after ${minutes} min`);
      // Nothing a millisecond early.
      clock.advance(delivery.next_retry_at! - clock.now() - 1);
      await settle(10);
      const count = receiver.received.filter((r) => r.text === sent).length;
      assert.equal(count, times.length, `no attempt before ${minutes} min`);
      clock.advance(1);
      await until(() => receiver.received.filter((r) => r.text === sent).length === times.length + 1, `the retry after ${minutes} min`);
      times.push(receiver.received.filter((r) => r.text === sent).at(-1)!.at);
    }
    await settle(20);
    const log = dataOf<
      Array<{ body: string; attempts: Array<{ status: number | null }>; next_retry_at: number | null; delivered: boolean }>
    >(await s.control('callbacks', undefined, 'GET'));
    const delivery = log.find((d) => d.body === sent)!;
    assert.equal(delivery.attempts.length, 1 + CALLBACK_RETRY_MINUTES.length);
    assert.ok(delivery.attempts.every((attempt) => attempt.status === 500));
    assert.equal(delivery.next_retry_at, null, 'gave up');
    assert.equal(delivery.delivered, false);
    assert.deepEqual(
      times.slice(1).map((t, i) => (t - times[i]!) / 60_000),
      [...CALLBACK_RETRY_MINUTES],
    );
  });

  it('stops retrying once the merchant answers 200, and logs every attempt with its status', async () => {
    receiver.answers = [503, 404];
    // A withdrawal settles with a single callback, so the queued answers all go to it.
    const w = dataOf<{ id: number }>(
      await s.api('withdrawal/crypto', {
        foreign_id: 'ok-later',
        amount: '0.5',
        currency: 'ETH',
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      }),
      201,
    );
    await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' });
    await callbacks(1);
    clock.advance(60_000);
    await callbacks(2);
    clock.advance(5 * 60_000);
    await callbacks(3);
    await settle(20);
    const [delivery] = dataOf<
      Array<{ url: string; attempts: Array<{ status: number }>; delivered: boolean; next_retry_at: number | null }>
    >(await s.control('callbacks', undefined, 'GET'));
    assert.equal(delivery!.url, receiver.url);
    assert.deepEqual(
      delivery!.attempts.map((x) => x.status),
      [503, 404, 200],
    );
    assert.equal(delivery!.delivered, true);
    assert.equal(delivery!.next_retry_at, null);
  });

  it('retries when the callback URL does not answer at all (network error)', async () => {
    await s.control('config', { callback_url: 'http://127.0.0.1:9/unreachable' });
    const a = await address({ foreign_id: 'net', currency: 'BTC' });
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    const delivery = await until(async () => {
      const [d] = dataOf<Array<{ attempts: Array<{ status: number | null; error?: string }>; next_retry_at: number | null }>>(
        await s.control('callbacks', undefined, 'GET'),
      );
      return d && d.next_retry_at ? d : undefined;
    }, 'a scheduled retry');
    assert.equal(delivery.attempts[0]!.status, null);
    assert.equal(delivery.next_retry_at, delivery.attempts.length ? clock.now() + 60_000 : null);
  });

  it('sends every callback twice, byte for byte, when duplicate_callbacks is on', async () => {
    await s.control('config', { duplicate_callbacks: true });
    const a = await address({ foreign_id: 'dups', currency: 'ETH' });
    await s.control('deposits', { address: a.address, amount: '0.5', outcome: 'confirmed' });
    await callbacks(2);
    clock.advance(DELAY);
    await callbacks(4);
    await settle(20);
    assert.equal(receiver.received.length, 4);
    assert.equal(receiver.received[0]!.text, receiver.received[1]!.text);
    assert.deepEqual(
      receiver.bodies().map((b) => b['status']),
      ['not_confirmed', 'not_confirmed', 'confirmed', 'confirmed'],
    );
  });

  it('sends callbacks to the URL set with /control/config', async () => {
    const other = await new CallbackReceiver(clock).start();
    try {
      assert.equal((await s.control('config', { callback_url: other.url })).status, 200);
      const a = await address({ foreign_id: 'moved', currency: 'BTC' });
      await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
      await until(() => other.received.length === 1, 'a callback at the new URL');
      assert.equal(receiver.received.length, 0);
    } finally {
      await other.close();
    }
  });
});

describe('sandbox control: deposits', () => {
  it('answers 201 with transaction and callback ids, sends not_confirmed now and confirmed after the delay', async () => {
    const a = await address({ foreign_id: 'dep', currency: 'BTC' });
    const answer = dataOf<{ transaction_id: number; callback_id: number }>(
      await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' }),
      201,
    );
    assert.equal(typeof answer.transaction_id, 'number');
    assert.ok(answer.callback_id !== undefined);
    const [first] = await callbacks(1);
    assert.equal(first!.body['status'], 'not_confirmed');
    clock.advance(DELAY - 1);
    await settle(20);
    assert.equal(receiver.received.length, 1, 'nothing final before the confirmation delay');
    clock.advance(1);
    const [, second] = await callbacks(2);
    const [n, c] = [first!.body, second!.body];
    assert.equal(c['status'], 'confirmed');
    assert.equal(n['id'], c['id']);
    assert.equal(n['type'], 'deposit');
    assert.equal(n['error'], '');
    const [nt, ct] = [(n['transactions'] as Tx[])[0]!, (c['transactions'] as Tx[])[0]!];
    assert.equal(nt.id, ct.id, 'same transaction');
    assert.equal(nt.txid, ct.txid);
    assert.ok(Number(ct.confirmations) > Number(nt.confirmations), `confirmations ${nt.confirmations} → ${ct.confirmations}`);
    assert.equal(nt.address, a.address);
    assert.deepEqual(n['currency_sent'], { currency: 'BTC', amount: '0.01' });
    assert.equal((c['crypto_address'] as { foreign_id: string }).foreign_id, 'dep');
    assert.ok(Array.isArray(c['fees']));
  });

  it('takes the confirmations and txid when given', async () => {
    const a = await address({ foreign_id: 'dep-opts', currency: 'LTC' });
    await s.control('deposits', { address: a.address, amount: '1', outcome: 'confirmed', confirmations: 12, txid: 'abc123' });
    clock.advance(DELAY);
    const [, final] = await callbacks(2);
    const tx = (final!.body['transactions'] as Tx[])[0]!;
    assert.equal(Number(tx.confirmations), 12);
    assert.equal(tx.txid, 'abc123');
  });

  it('sends cancelled as the final status of a double spend, with the address tag', async () => {
    const a = await address({ foreign_id: 'ds', currency: 'XRP' });
    await s.control('deposits', { address: a.address, tag: a.tag, amount: '25', outcome: 'cancelled' });
    clock.advance(DELAY);
    const [first, final] = await callbacks(2);
    assert.equal(first!.body['status'], 'not_confirmed');
    assert.equal(final!.body['status'], 'cancelled');
    assert.ok(String(final!.body['error']).length > 0, 'a reason');
    assert.equal((final!.body['crypto_address'] as { tag: string }).tag, a.tag);
    assert.equal((final!.body['transactions'] as Tx[])[0]!.tag, a.tag);
  });

  it('sends deposit_exchange with the amount converted at the current rate for an exchange address', async () => {
    const a = await address({ foreign_id: 'depx', currency: 'BTC', convert_to: 'EUR' });
    clock.advance(60_000 - (clock.now() % 60_000) + 1000); // 1 s into a fix period: quote and final callback share it
    const { price } = dataOf<{ price: string }>(
      await s.api('exchange/calculate', { sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01' }),
    );
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    clock.advance(DELAY);
    const [, final] = await callbacks(2);
    assert.equal(final!.body['type'], 'deposit_exchange');
    const received = final!.body['currency_received'] as { currency: string; amount: string };
    assert.equal(received.currency, 'EUR');
    // At the quoted price, less CoinsPaid's exchange fee (about 1 %).
    const expected = 0.01 * Number(price);
    assert.ok(Number(received.amount) <= expected && Number(received.amount) > expected * 0.97, `${received.amount} vs ${expected}`);
    assert.deepEqual(final!.body['currency_sent'], { currency: 'BTC', amount: '0.01' });
  });

  it('reports a plain deposit as the reference does: amount as sent, amount_minus_fee after the deposit fee, fees only once confirmed', async () => {
    const a = await address({ foreign_id: 'shape', currency: 'ETH' });
    await s.control('deposits', { address: a.address, amount: '2', outcome: 'confirmed' });
    clock.advance(DELAY);
    const [seen, final] = (await callbacks(2)).map((r) => r.body);
    assert.deepEqual(seen!['currency_received'], { currency: 'ETH', amount: '2', amount_minus_fee: '2' });
    assert.deepEqual(seen!['fees'], []);
    assert.deepEqual(final!['currency_received'], { currency: 'ETH', amount: '2', amount_minus_fee: '1.98020000' });
    assert.deepEqual(final!['fees'], [{ type: 'deposit', currency: 'ETH', amount: '0.01980000' }]);
    for (const body of [seen!, final!]) {
      const [tx] = body['transactions'] as Tx[];
      assert.equal(typeof tx!.confirmations, 'string', 'confirmations as a string, like most published callbacks');
      assert.equal((body['transactions'] as Tx[]).length, 1);
    }
  });

  it('reports a deposit_exchange with a blockchain leg and, once confirmed, an exchange leg; credits amount_minus_fee', async () => {
    const eur = async () =>
      new Big(
        dataOf<Array<{ currency: string; balance: string }>>(await s.api('accounts/list')).find((b) => b.currency === 'EUR')!.balance,
      );
    const before = await eur();
    const a = await address({ foreign_id: 'legs', currency: 'BTC', convert_to: 'EUR' });
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
    clock.advance(DELAY);
    const [seen, final] = (await callbacks(2)).map((r) => r.body);
    assert.equal((seen!['transactions'] as Tx[]).length, 1, 'nothing exchanged before confirmation');
    const [chain, exchange] = final!['transactions'] as Array<
      Tx & { transaction_type: string; currency: string; currency_to?: string; amount_to?: string }
    >;
    assert.equal(chain!.transaction_type, 'blockchain');
    assert.equal(chain!.type, 'deposit');
    assert.equal(chain!.amount, '0.01');
    assert.equal(exchange!.transaction_type, 'exchange');
    assert.equal(exchange!.type, 'exchange');
    assert.equal(exchange!.currency, 'BTC');
    assert.equal(exchange!.currency_to, 'EUR');
    assert.notEqual(exchange!.id, chain!.id);
    const received = final!['currency_received'] as { currency: string; amount: string; amount_minus_fee: string };
    assert.equal(exchange!.amount_to, received.amount);
    const [fee] = final!['fees'] as Array<{ type: string; currency: string; amount: string }>;
    assert.equal(fee!.type, 'exchange');
    assert.equal(fee!.currency, 'EUR');
    assert.equal(new Big(received.amount).minus(fee!.amount).toFixed(2), received.amount_minus_fee);
    await settle(20);
    assert.equal((await eur()).minus(before).toFixed(2), received.amount_minus_fee);
  });

  it('needs the destination tag for a deposit to an XRP address, and refuses another tag', async () => {
    const a = await address({ foreign_id: 'xrp-tag', currency: 'XRP' });
    assert.ok(a.tag);
    const missing = await s.control('deposits', { address: a.address, amount: '25' });
    assert.equal(missing.status, 400, missing.text);
    assert.match(errorsOf(missing)['tag']!, /destination tag/);
    const wrong = await s.control('deposits', { address: a.address, tag: `${a.tag}9`, amount: '25' });
    assert.equal(wrong.status, 404, wrong.text);
    assert.ok(errorsOf(wrong)['tag']);
    assert.equal(receiver.received.length, 0, 'no callback for a deposit that cannot be attributed');
    dataOf(await s.control('deposits', { address: a.address, tag: a.tag, amount: '25' }), 201);
    const [seen] = await callbacks(1);
    assert.equal((seen!.body['transactions'] as Tx[])[0]!.tag, a.tag);
  });

  const refusals: Array<[string, unknown, number, string]> = [
    ['an unknown address', { address: 'bc1qnothing', amount: '1', outcome: 'confirmed' }, 404, 'address'],
    ['no address', { amount: '1', outcome: 'confirmed' }, 400, 'address'],
    ['no amount', { address: 'x', outcome: 'confirmed' }, 400, 'amount'],
    ['a negative amount', { address: 'x', amount: '-1', outcome: 'confirmed' }, 400, 'amount'],
    ['a non-decimal amount', { address: 'x', amount: '1e5', outcome: 'confirmed' }, 400, 'amount'],
    ['an amount as an object', { address: 'x', amount: { v: 1 }, outcome: 'confirmed' }, 400, 'amount'],
    ['an unknown outcome', { address: 'x', amount: '1', outcome: 'refunded' }, 400, 'outcome'],
    ['negative confirmations', { address: 'x', amount: '1', outcome: 'confirmed', confirmations: -3 }, 400, 'confirmations'],
    ['a body that is not JSON', 'address=x', 400, 'body'],
    ['an array body', '[1]', 400, 'body'],
  ];
  for (const [what, body, status, field] of refusals) {
    it(`refuses a deposit with ${what}: ${status} naming ${field}`, async () => {
      const answer = await s.control('deposits', body);
      assert.equal(answer.status, status, answer.text);
      assert.ok(errorsOf(answer)[field], answer.text);
    });
  }
});

describe('sandbox control: withdrawals', () => {
  const withdraw = async (foreign_id: string, extra: Record<string, unknown> = {}) =>
    dataOf<{ id: number }>(
      await s.api('withdrawal/crypto', {
        foreign_id,
        amount: '0.1',
        currency: 'BTC',
        address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        ...extra,
      }),
      201,
    );

  it('settles a withdrawal as confirmed with a withdrawal callback carrying foreign_id and the transaction', async () => {
    const w = await withdraw('wd-ok');
    dataOf(await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' }));
    const [cb] = await callbacks(1);
    assert.equal(cb!.body['type'], 'withdrawal');
    assert.equal(cb!.body['status'], 'confirmed');
    assert.equal(cb!.body['foreign_id'], 'wd-ok');
    assert.equal((cb!.body['transactions'] as Tx[])[0]!.address, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  });

  it('settles a withdrawal_exchange as cancelled with an error text', async () => {
    const w = await withdraw('wd-x', { amount: '100', currency: 'EUR', convert_to: 'BTC' });
    dataOf(await s.control(`withdrawals/${w.id}/settle`, { outcome: 'cancelled' }));
    const [cb] = await callbacks(1);
    assert.equal(cb!.body['type'], 'withdrawal_exchange');
    assert.equal(cb!.body['status'], 'cancelled');
    assert.ok(String(cb!.body['error']).length > 0);
  });

  it('describes a withdrawal_exchange like the reference: crypto_address, an exchange leg then the blockchain leg', async () => {
    const w = await withdraw('wd-legs', { amount: '100', currency: 'EUR', convert_to: 'BTC' });
    await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' });
    const [cb] = await callbacks(1);
    assert.deepEqual(cb!.body['crypto_address'], {
      id: w.id,
      currency: 'EUR',
      convert_to: 'BTC',
      address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      tag: null,
    });
    const legs = cb!.body['transactions'] as Array<{ transaction_type: string; type: string; currency: string; confirmations?: string }>;
    assert.deepEqual(
      legs.map((l) => [l.transaction_type, l.type, l.currency]),
      [
        ['exchange', 'exchange', 'EUR'],
        ['blockchain', 'withdrawal', 'BTC'],
      ],
    );
    assert.equal(legs[1]!.confirmations, '1');
  });

  it('sends an exchange callback with its exchange transaction and the fee in the fiat currency', async () => {
    const x = dataOf<{ id: number; receiver_amount: string; fee_amount: string; fee_currency: string }>(
      await s.api('exchange/now', { foreign_id: 'xcb', sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '500' }),
      201,
    );
    assert.equal(x.fee_currency, 'EUR');
    clock.advance(DELAY);
    const [cb] = await callbacks(1);
    assert.equal(cb!.body['type'], 'exchange');
    assert.deepEqual(cb!.body['transactions'], [
      {
        id: (cb!.body['transactions'] as Array<{ id: number }>)[0]!.id,
        currency: 'EUR',
        currency_to: 'BTC',
        transaction_type: 'exchange',
        type: 'exchange',
        amount: '500',
        amount_to: x.receiver_amount,
      },
    ]);
    assert.deepEqual(cb!.body['fees'], [{ type: 'exchange', currency: 'EUR', amount: x.fee_amount }]);
  });

  it('refuses to settle twice, an unknown withdrawal, a bad id and a bad outcome', async () => {
    const w = await withdraw('wd-twice');
    await s.control(`withdrawals/${w.id}/settle`, { outcome: 'confirmed' });
    assert.equal((await s.control(`withdrawals/${w.id}/settle`, { outcome: 'cancelled' })).status, 400);
    assert.equal((await s.control('withdrawals/999999/settle', { outcome: 'confirmed' })).status, 404);
    assert.equal((await s.control('withdrawals/abc/settle', { outcome: 'confirmed' })).status, 400);
    assert.equal((await s.control(`withdrawals/${w.id}/settle`, { outcome: 'maybe' })).status, 400);
  });
});

describe('sandbox invoices: lifecycle', () => {
  type Invoice = {
    id: number;
    status: string;
    fixed_at: number;
    release_at: number;
    sender_amount: string | null;
    address?: string | null;
  };
  const create = async (foreign_id: string, extra: Record<string, unknown> = {}) =>
    dataOf<Invoice>(await s.api('invoices/create', invoiceBody(foreign_id, extra)));
  const statusesOf = (id: number) =>
    receiver
      .bodies()
      .filter((b) => b['id'] === id)
      .map((b) => b['status']);
  const finalOf = (id: number) =>
    until(
      () => receiver.bodies().find((b) => b['id'] === id && (b['status'] === 'confirmed' || b['status'] === 'failed')),
      'a final invoice callback',
    );

  it('fails an unpaid invoice at release_at with "Timer expired. User not paid." — not a second earlier', async () => {
    const inv = await create('inv-expire');
    clock.advance(inv.release_at * 1000 - clock.now() - 1000);
    await settle(20);
    assert.deepEqual(statusesOf(inv.id), []);
    clock.advance(1000);
    const failed = await finalOf(inv.id);
    assert.equal(failed['type'], 'invoice');
    assert.equal(failed['status'], 'failed');
    assert.equal(failed['error'], 'Timer expired. User not paid.');
    assert.equal(failed['foreign_id'], 'inv-expire');
  });

  it('goes processing when the whole amount is seen in the mempool, extends release_at to fixed_at + 24 h, and does not expire at 15 minutes', async () => {
    const inv = await create('inv-mempool', { sender_currency: 'BTC' });
    const seen = dataOf<Invoice>(await s.control(`invoices/${inv.id}/pay`, { outcome: 'mempool' }));
    assert.equal(seen.status, 'processing');
    assert.equal(seen.release_at, inv.fixed_at + 86_400);
    await until(() => statusesOf(inv.id).includes('processing'), 'the processing callback');
    clock.advance(16 * 60_000);
    await settle(20);
    assert.deepEqual(statusesOf(inv.id), ['processing']);
    const processing = receiver.bodies().find((b) => b['id'] === inv.id)!;
    assert.equal(processing['expires_at'], inv.fixed_at + 86_400);
    assert.equal((processing['transactions'] as Tx[])[0]!.confirmations, '0');
  });

  it('fails a payment stuck in processing at the 24-hour mark with the reference text', async () => {
    const inv = await create('inv-24h', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'mempool' });
    clock.advance((inv.fixed_at + 86_400) * 1000 - clock.now());
    const failed = await finalOf(inv.id);
    assert.equal(failed['error'], 'Timer expired. Transactions were in status processing too long.');
  });

  it('confirms a paid invoice through processing → confirmed, shaped like the reference, and credits the merchant', async () => {
    const eur = async () =>
      Number(dataOf<Array<{ currency: string; balance: string }>>(await s.api('accounts/list')).find((b) => b.currency === 'EUR')!.balance);
    const before = await eur();
    const inv = await create('inv-paid', { sender_currency: 'LTC' });
    dataOf(await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed' }));
    await until(() => statusesOf(inv.id).length === 1, 'processing');
    clock.advance(DELAY);
    const final = await finalOf(inv.id);
    assert.equal(final['status'], 'confirmed');
    assert.equal(final['error'], '');
    assert.deepEqual(statusesOf(inv.id), ['processing', 'confirmed']);
    assert.deepEqual(final['currency_received'], { currency: 'EUR', amount: '106.75' });
    assert.deepEqual(final['currency_sent'], { currency: 'LTC', amount: inv.sender_amount, remaining_amount: '0.00000000' });
    const address = final['crypto_address'] as { currency: string; convert_to: string; address: string; tag: null };
    assert.equal(address.currency, 'LTC');
    assert.equal(address.convert_to, 'EUR');
    assert.equal(address.address, inv.address);
    const [tx] = final['transactions'] as Tx[];
    assert.equal(tx!.amount, inv.sender_amount);
    assert.equal(tx!.confirmations, '6');
    assert.equal((final['fees'] as Array<{ type: string }>)[0]!.type, 'fee_crypto_deposit');
    assert.equal(final['foreign_id'], 'inv-paid');
    assert.equal(typeof final['fixed_at'], 'number');
    assert.ok((await eur()) - before > 106);
  });

  it('fails an underpaid invoice with "User paid less than requested."', async () => {
    const inv = await create('inv-under', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'underpaid' });
    clock.advance(DELAY);
    const failed = await finalOf(inv.id);
    assert.equal(failed['status'], 'failed');
    assert.equal(failed['error'], 'User paid less than requested.');
  });

  it('fails a fill_or_kill invoice paid short with an explicit amount', async () => {
    const inv = await create('inv-short', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed', amount: '0.00000100' });
    clock.advance(DELAY);
    assert.equal((await finalOf(inv.id))['error'], 'User paid less than requested.');
  });

  it('confirms an overpaid invoice and reports what was sent in its transaction, nothing remaining', async () => {
    const inv = await create('inv-over', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'overpaid' });
    clock.advance(DELAY);
    const final = await finalOf(inv.id);
    assert.equal(final['status'], 'confirmed');
    assert.ok(Number((final['transactions'] as Tx[])[0]!.amount) > Number(inv.sender_amount));
    assert.equal((final['currency_sent'] as { remaining_amount: string }).remaining_amount, '0.00000000');
  });

  it('fails an invoice whose payment stays in processing too long', async () => {
    const inv = await create('inv-stuck', { sender_currency: 'BTC' });
    await s.control(`invoices/${inv.id}/pay`, { outcome: 'failed' });
    clock.advance(DELAY);
    assert.equal((await finalOf(inv.id))['error'], 'Timer expired. Transactions were in status processing too long.');
  });

  it('expires an invoice on demand, then refuses to pay or expire it again', async () => {
    const inv = await create('inv-now');
    const expired = dataOf<Invoice>(await s.control(`invoices/${inv.id}/expire`));
    assert.equal(expired.status, 'failed');
    assert.equal((await finalOf(inv.id))['error'], 'Timer expired. User not paid.');
    assert.equal((await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed' })).status, 400);
    assert.equal((await s.control(`invoices/${inv.id}/expire`)).status, 400);
  });

  it('refuses to pay an unknown invoice (404), a bad id or outcome (400)', async () => {
    assert.equal((await s.control('invoices/999999/pay', { outcome: 'confirmed' })).status, 404);
    assert.equal((await s.control('invoices/x/pay', { outcome: 'confirmed' })).status, 400);
    const inv = await create('inv-bad');
    const bad = await s.control(`invoices/${inv.id}/pay`, { outcome: 'stolen' });
    assert.equal(bad.status, 400);
    assert.ok(errorsOf(bad)['outcome']);
    assert.equal((await s.control(`invoices/${inv.id}/pay`, { outcome: 'confirmed', amount: '-1' })).status, 400);
  });

  it('clears pending invoice timers on dispose', async () => {
    const own = new ManualClock(T0);
    const sandbox = await startSandbox({ clock: own });
    await sandbox.api('invoices/create', invoiceBody('dispose-me'));
    assert.ok(own.pendingTimers > 0);
    await sandbox.close();
    assert.equal(own.pendingTimers, 0);
  });
});

describe('sandbox callbacks on a scaled clock', () => {
  it('delivers the first retries 1, 5 and 10 API minutes apart in a few seconds of wall time', async () => {
    // One API minute = 100 ms: coarse enough that a busy CI core (timer jitter of tens of ms) stays within tolerance.
    const fast = scaledClock(600);
    const slow = new CallbackReceiver(fast);
    await slow.start();
    slow.answers = [500, 500, 500];
    const sandbox = await startSandbox({ clock: fast, callbackUrl: slow.url, confirmationDelayMs: 24 * 3600_000 });
    try {
      const a = dataOf<{ address: string }>(await sandbox.api('addresses/take', { foreign_id: 'fast', currency: 'BTC' }), 201);
      const wall = Date.now();
      await sandbox.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed' });
      await until(() => slow.received.length >= 4, 'three retries and a success', 5000);
      assert.ok(Date.now() - wall < 4000);
      const gaps = slow.received.slice(1).map((r, i) => (r.at - slow.received[i]!.at) / 60_000);
      gaps.forEach((gap, i) => assert.ok(Math.abs(gap - CALLBACK_RETRY_MINUTES[i]!) < 0.5, `gap ${i}: ${gap} min`));
    } finally {
      await sandbox.close();
      await slow.close();
    }
  });
});
