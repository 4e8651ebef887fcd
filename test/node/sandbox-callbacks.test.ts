/**
 * Callbacks as CoinsPaid sends them: signed over the raw bytes, `/` escaped as `\/`, retried on CoinsPaid's
 * schedule, optionally duplicated, sent where /control/config says. On a manual clock: the retry schedule is checked to
 * the minute without wall time, so a busy machine cannot move it.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyCallback } from '../../src/server/coinspaid/index.js';
import { CALLBACK_RETRY_MINUTES } from '../../src/server/sandbox/index.js';
import { CallbackReceiver } from '../helpers/callback-receiver.js';
import { apiKey, apiSecret, dataOf } from '../helpers/sandbox-client.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const DELAY = 30_000;
const s = useSandbox({ callbacks: true, confirmationDelayMs: DELAY });
const { clock, receiver } = s;

const address = async (body: Record<string, unknown>) =>
  dataOf<{ address: string; tag: string | null; id: number }>(await s.api('addresses/take', body), 201);
const callbacks = async (n: number, what = `${n} callbacks`) =>
  s.settled(() => (receiver.received.length >= n ? receiver.received : undefined), what);

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

  it('escapes every character beyond ASCII as \\uXXXX like PHP’s json_encode, and signs the exact bytes sent', async () => {
    const foreignId = 'Jürgen/№7 😀';
    const a = await address({ foreign_id: foreignId, currency: 'BTC' });
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed', txid: 'tx-ß' });
    const [cb] = await callbacks(1);
    assert.ok(
      cb!.raw.every((byte) => byte < 0x80),
      'the body is pure ASCII',
    );
    // Lowercase hex, a surrogate pair for the emoji, and / still escaped: PHP's json_encode with its default flags.
    assert.ok(cb!.text.includes('"foreign_id":"J\\u00fcrgen\\/\\u21167 \\ud83d\\ude00"'), cb!.text);
    assert.ok(cb!.text.includes('"txid":"tx-\\u00df"'), cb!.text);
    assert.equal(cb!.headers.get('x-processing-signature'), createHmac('sha512', apiSecret).update(cb!.raw).digest('hex'));
    const parsed = verifyCallback(cb!.raw, cb!.headers, { apiKey, apiSecret });
    assert.equal(parsed.foreign_id, foreignId, 'the escapes are only in the bytes');
    assert.equal(parsed.transactions[0]!.txid, 'tx-ß');
    // Signed over the escaped bytes: the same JSON written with raw UTF-8 (another encoder's choice) is other bytes.
    const unescaped = Buffer.from(cb!.text.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
    assert.notEqual(createHmac('sha512', apiSecret).update(unescaped).digest('hex'), cb!.headers.get('x-processing-signature'));
    assert.throws(() => verifyCallback(unescaped, cb!.headers, { apiKey, apiSecret }), /does not match/);
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
      await s.delivered();
      const count = receiver.received.filter((r) => r.text === sent).length;
      assert.equal(count, times.length, `no attempt before ${minutes} min`);
      clock.advance(1);
      await s.settled(() => receiver.received.filter((r) => r.text === sent).length === times.length + 1, `the retry after ${minutes} min`);
      times.push(receiver.received.filter((r) => r.text === sent).at(-1)!.at);
    }
    await s.delivered();
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
    await s.delivered();
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
    const delivery = await s.settled(async () => {
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
    await s.delivered();
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
      await s.settled(() => other.received.length === 1, 'a callback at the new URL');
      assert.equal(receiver.received.length, 0);
    } finally {
      await other.close();
    }
  });

  // From the former emulator suite, where it ran on a scaled clock.
  it('sends not_confirmed, then the outcome, signed over the raw bytes with / escaped', async () => {
    const a = await address({ foreign_id: 'cb', currency: 'BTC', convert_to: 'EUR' });
    const answer = await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'confirmed', txid: 'a/b' });
    assert.equal(answer.status, 201);
    await callbacks(1);
    clock.advance(DELAY);
    const received = await callbacks(2);
    const [first, second] = received.map((r) => verifyCallback(r.raw, r.headers, { apiKey, apiSecret }));
    assert.equal(first!.status, 'not_confirmed');
    assert.equal(second!.status, 'confirmed');
    assert.equal(first!.id, second!.id);
    assert.equal(second!.type, 'deposit_exchange');
    assert.equal(second!.currency_received?.currency, 'EUR');
    assert.ok(second!.transactions[0]!.confirmations > 0);
    assert.match(new TextDecoder().decode(received[0]!.raw), /a\\\/b/);
  });

  it('retries a refused callback on CoinsPaid’s schedule (1, 5, 10 … minutes)', async () => {
    receiver.answers = [500, 500, 503];
    const a = await address({ foreign_id: 'retry-3', currency: 'BTC' });
    // Pending: no final callback takes one of the queued answers; they all go to not_confirmed.
    await s.control('deposits', { address: a.address, amount: '0.01', outcome: 'pending' });
    for (const minutes of CALLBACK_RETRY_MINUTES.slice(0, 3)) {
      await s.delivered();
      clock.advance(minutes * 60_000);
    }
    await s.settled(() => receiver.received.filter((r) => r.text.includes('not_confirmed')).length >= 4, 'three retries');
    const times = receiver.received.filter((r) => r.text.includes('not_confirmed')).map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 60_000);
    for (const [i, gap] of gaps.slice(0, 3).entries())
      assert.ok(Math.abs(gap - CALLBACK_RETRY_MINUTES[i]!) < 0.5, `gap ${i} was ${gap} min`);
    const log = dataOf<Array<{ attempts: Array<{ status: number }>; delivered: boolean }>>(await s.control('callbacks', undefined, 'GET'));
    assert.deepEqual(
      log[0]!.attempts.map((x) => x.status),
      [500, 500, 503, 200],
    );
  });
});
