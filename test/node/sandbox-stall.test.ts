/**
 * No silent stall: when the sandbox's callbacks do not reach the proxy, the customer's widget waits forever, so the
 * sandbox says so where the developer looks: once at start without a callback URL, once per failing URL in the log
 * (the reason and the next retry), and in the answer of the control call that made the payment.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, it, mock, type Mock } from 'node:test';
import { createSandbox } from '../../src/server/sandbox/index.js';
import { CallbackReceiver } from '../helpers/callback-receiver.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { dataOf } from '../helpers/sandbox-client.js';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../helpers/use-sandbox.js';

interface CallbackReport {
  url: string | null;
  delivered: boolean;
  status?: number;
  error?: string;
  next_retry_at?: number;
}

let warn: Mock<typeof console.warn>;
const open: Array<{ close(): Promise<void> }> = [];
beforeEach(() => {
  warn = mock.method(console, 'warn', () => {});
});
afterEach(async () => {
  warn.mock.restore();
  for (const server of open.splice(0)) await server.close();
});

const warnings = () => warn.mock.calls.map((call) => String(call.arguments[0]));

async function sandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox & { clock: ManualClock }> {
  const clock = new ManualClock();
  const running = await startSandbox({ clock, confirmationDelayMs: 10_000, ...options });
  open.push(running);
  return { ...running, clock };
}

async function receiver(answer = 200): Promise<CallbackReceiver> {
  const r = await new CallbackReceiver(new ManualClock()).start();
  r.always = answer;
  open.push(r);
  return r;
}

/** A port nothing listens on: taken, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function deposit(
  s: RunningSandbox,
  body: Record<string, unknown> = {},
): Promise<{ callback: CallbackReport; transaction_id: number }> {
  const { address } = dataOf<{ address: string }>(await s.api('addresses/take', { foreign_id: 'stall', currency: 'BTC' }), 201);
  return dataOf(await s.control('deposits', { address, amount: '0.01', outcome: 'confirmed', ...body }), 201);
}

describe('a sandbox without a callback URL', () => {
  it('says so once when it starts, naming the option and the control call', () => {
    const quiet = createSandbox({ callbackUrl: 'http://127.0.0.1:3000/coinspaid/callback' });
    quiet.dispose();
    assert.deepEqual(warnings(), []);
    const silent = createSandbox();
    silent.dispose();
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0]!, /no callbackUrl, so no callbacks will be sent: widgets wait for payments forever/);
    assert.match(warnings()[0]!, /createSandbox\(\{ callbackUrl: /);
    assert.match(warnings()[0]!, /\/control\/config/);
  });

  it("answers a deposit with why no callback went out, instead of the widget's silence", async () => {
    const s = await sandbox();
    const { callback } = await deposit(s);
    assert.equal(callback.url, null);
    assert.equal(callback.delivered, false);
    assert.match(callback.error ?? '', /No callback URL is configured/);
  });
});

describe("a control deposit's answer", () => {
  it('says the callback was delivered, once its first attempt was answered', async () => {
    const r = await receiver();
    const s = await sandbox({ callbackUrl: r.url });
    const { callback } = await deposit(s);
    assert.deepEqual(callback, { url: r.url, delivered: true, status: 200 });
    assert.equal(r.received.length, 1, 'the answer came after the callback arrived');
  });

  it('names the HTTP status, what the receiver answered and when the sandbox tries again', async () => {
    const r = await receiver(404);
    const s = await sandbox({ callbackUrl: r.url });
    const { callback } = await deposit(s);
    assert.equal(callback.delivered, false);
    assert.equal(callback.status, 404);
    assert.equal(callback.error, 'no', "the receiver's answer");
    assert.equal(callback.next_retry_at, s.clock.now() + 60_000, "CoinsPaid's first retry, a minute later");
  });

  it('names a network failure', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/coinspaid/callback`;
    const s = await sandbox({ callbackUrl: url });
    const { callback } = await deposit(s);
    assert.equal(callback.url, url);
    assert.equal(callback.delivered, false);
    assert.equal(callback.status, undefined);
    assert.match(callback.error ?? '', /ECONNREFUSED/, 'the cause, not just "fetch failed"');
  });

  it('answers after a short wait when the receiver does not answer, saying so', async () => {
    const s = await sandbox({
      callbackUrl: 'http://127.0.0.1:9/never',
      fetch: () => new Promise<Response>(() => {}),
      controlCallbackWaitMs: 20,
    });
    const { callback } = await deposit(s);
    assert.deepEqual(callback, {
      url: 'http://127.0.0.1:9/never',
      delivered: false,
      error: 'No answer yet after 20 ms; see GET /control/callbacks.',
    });
  });

  it('is null while the payment is not seen yet (after_seconds), and settling a pending deposit reports its callback', async () => {
    const r = await receiver();
    const s = await sandbox({ callbackUrl: r.url });
    assert.equal((await deposit(s, { after_seconds: 60 })).callback, null);
    const pending = await deposit(s, { outcome: 'pending' });
    const settled = dataOf<{ callback: CallbackReport }>(
      await s.control(`deposits/${pending.transaction_id}/settle`, { outcome: 'confirmed' }),
    );
    assert.deepEqual(settled.callback, { url: r.url, delivered: true, status: 200 });
  });
});

describe('failed deliveries in the log', () => {
  it('are logged once per URL with the reason, the next retry and the likely cause', async () => {
    const r = await receiver(401);
    const s = await sandbox({ callbackUrl: r.url });
    await deposit(s);
    await deposit(s);
    s.clock.advance(60_000);
    await s.delivered();
    const logged = warnings().filter((w) => w.includes('a callback to'));
    assert.equal(logged.length, 1, 'three failed attempts to one URL, one line');
    assert.match(logged[0]!, new RegExp(`a callback to ${r.url.replace(/[.]/g, '\\.')} failed \\(HTTP 401: no\\)`));
    assert.match(logged[0]!, /the next attempt is in 1 min of sandbox time/);
    assert.match(logged[0]!, /same apiKey and apiSecret/);
    assert.match(logged[0]!, /the widget keeps waiting for the payment/);
  });

  it('logs another URL, and the same URL again once it had worked in between', async () => {
    const r = await receiver(500);
    const s = await sandbox({ callbackUrl: r.url });
    await deposit(s);
    const unreachable = `http://127.0.0.1:${await closedPort()}/coinspaid/callback`;
    await s.control('config', { callback_url: unreachable });
    await deposit(s);
    await s.control('config', { callback_url: r.url });
    r.always = 200;
    await deposit(s);
    r.always = 500;
    await deposit(s);
    const logged = warnings().filter((w) => w.includes('a callback to'));
    assert.equal(logged.length, 3);
    assert.match(logged[0]!, /HTTP 500: no\).*a throwing onCallback answers 500/);
    assert.match(
      logged[1]!,
      new RegExp(`${unreachable.replace(/[.]/g, '\\.')} failed \\(ECONNREFUSED.*\\).*and is that server running\\?`),
    );
    assert.match(logged[2]!, /HTTP 500/);
  });
});
