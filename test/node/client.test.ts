import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import {
  CallbackVerificationError,
  CoinsPaidAuthError,
  CoinsPaidClient,
  CoinsPaidRateLimitError,
  CoinsPaidUnavailableError,
  CoinsPaidValidationError,
  signPayload,
  verifyCallback,
} from '../../src/server/coinspaid/index.js';
import { createSandbox } from '../../src/server/sandbox/index.js';
import type { SandboxApp } from '../../src/server/sandbox/index.js';
import { listen, type RunningServer } from '../helpers/serve.js';

const apiKey = 'client-test-key';
const apiSecret = 'client-test-secret';

interface Captured {
  raw: Uint8Array;
  headers: Headers;
}

let sandbox: SandboxApp;
let sandboxServer: RunningServer;
let captureServer: RunningServer;
const captured: Captured[] = [];
let client: CoinsPaidClient;

async function control(path: string, body?: unknown, method = 'POST'): Promise<Response> {
  return fetch(`${sandboxServer.url}/control/${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function expectReject<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}`);
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(async () => {
  const capture = new Hono();
  capture.post('/callback', async (c) => {
    captured.push({ raw: new Uint8Array(await c.req.arrayBuffer()), headers: new Headers(c.req.raw.headers) });
    return c.text('ok');
  });
  captureServer = await listen(capture.fetch);
  sandbox = createSandbox({ apiKey, apiSecret, callbackUrl: `${captureServer.url}/callback`, confirmationDelayMs: 10 });
  sandboxServer = await listen(sandbox.fetch);
  client = new CoinsPaidClient({ baseUrl: `${sandboxServer.url}/api/v2`, apiKey, apiSecret, timeoutMs: 2000 });
});

after(async () => {
  sandbox.dispose();
  await sandboxServer.close();
  await captureServer.close();
});

describe('CoinsPaidClient against the sandbox over HTTP', () => {
  it('pings', async () => {
    assert.equal(await client.ping(), true);
  });

  it('lists currencies with precision and minimums as decimal strings', async () => {
    const currencies = await client.currenciesList({ visible: true });
    const btc = currencies.find((c) => c.currency === 'BTC');
    assert.ok(btc);
    assert.equal(btc.type, 'crypto');
    assert.equal(btc.precision, 8);
    assert.match(btc.minimum_amount, /^\d+(\.\d+)?$/);
    assert.ok(currencies.some((c) => c.currency === 'EUR' && c.type === 'fiat'));
  });

  it('lists pairs and rates filtered by currency', async () => {
    const pairs = await client.currenciesPairs({ currency_from: 'BTC', currency_to: 'EUR' });
    assert.ok(pairs.length >= 1);
    assert.ok(pairs.every((p) => p.currency_from.currency === 'BTC' && p.currency_to.currency === 'EUR'));
    const rates = await client.currenciesRates({ currency_from: 'BTC', currency_to: 'EUR' });
    assert.match(rates[0]!.rate_to, /^\d+\.\d+$/);
  });

  it('takes the same address again for the same foreign_id, currency and convert_to', async () => {
    const first = await client.takeAddress({ foreign_id: 'user:1', currency: 'BTC', convert_to: 'EUR' });
    const again = await client.takeAddress({ foreign_id: 'user:1', currency: 'BTC', convert_to: 'EUR' });
    const other = await client.takeAddress({ foreign_id: 'user:2', currency: 'BTC', convert_to: 'EUR' });
    assert.equal(again.address, first.address);
    assert.notEqual(other.address, first.address);
    assert.equal(first.convert_to, 'EUR');
    assert.equal(first.foreign_id, 'user:1');
  });

  it('gives XRP addresses a destination tag', async () => {
    const xrp = await client.takeAddress({ foreign_id: 'user:1', currency: 'XRP' });
    assert.match(xrp.address, /^r[1-9A-HJ-NP-Za-km-z]{24,34}$/);
    assert.ok(xrp.tag);
  });

  it('calculates an exchange fixed for a window, with amounts as decimal strings', async () => {
    const calc = await client.exchangeCalculate({ sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '0.01' });
    assert.equal(typeof calc.sender_amount, 'string');
    assert.match(calc.receiver_amount, /^\d+\.\d+$/);
    assert.equal(calc.ts_release - calc.ts_fixed, calc.fix_period);
  });

  it('exchanges at a fixed price and now, changing the balances', async () => {
    const before = await client.accountsList();
    const eurBefore = before.find((b) => b.currency === 'EUR');
    assert.ok(eurBefore);
    const calc = await client.exchangeCalculate({ sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '100' });
    const fixed = await client.exchangeFixed({
      sender_currency: 'EUR',
      receiver_currency: 'BTC',
      sender_amount: '100',
      foreign_id: 'ex-fixed-1',
      price: calc.price,
    });
    assert.equal(fixed.type, 'exchange');
    assert.equal(fixed.foreign_id, 'ex-fixed-1');
    const now = await client.exchangeNow({ sender_currency: 'EUR', receiver_currency: 'BTC', sender_amount: '50', foreign_id: 'ex-now-1' });
    assert.equal(now.sender_amount, '50.00000000', 'echoed padded, as CoinsPaid writes amounts');
    const afterwards = await client.accountsList();
    assert.notEqual(afterwards.find((b) => b.currency === 'EUR')?.balance, eurBefore.balance);
  });

  it('withdraws crypto and refuses a repeated foreign_id', async () => {
    const withdrawal = await client.withdrawCrypto({
      foreign_id: 'wd-1',
      amount: '0.01',
      currency: 'ETH',
      address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    });
    assert.equal(withdrawal.foreign_id, 'wd-1');
    const repeat = await expectReject(
      client.withdrawCrypto({ foreign_id: 'wd-1', amount: '0.01', currency: 'ETH', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }),
      CoinsPaidValidationError,
    );
    assert.ok(repeat.errors['foreign_id']);
  });

  it('gets futures rates for an exchange address and confirms one', async () => {
    const address = await client.takeAddress({ foreign_id: 'futures-user', currency: 'BTC', convert_to: 'EUR' });
    const futures = await client.futuresRates({ address: address.address });
    assert.ok(futures.ts_release > futures.ts_fixed);
    const table = futures.rates['BTCEUR'];
    assert.ok(table && Object.keys(table).length > 0);
    const confirmation = await client.futuresConfirm({
      address: address.address,
      sender_currency: 'BTC',
      receiver_currency: 'EUR',
      receiver_amount: '100',
    });
    assert.equal(confirmation.receiver_amount.replace(/\.?0+$/, ''), '100');
    assert.equal(confirmation.address.address, address.address);
  });

  it('creates an invoice with a 15-minute timer', async () => {
    const invoice = await client.createInvoice({
      timer: true,
      title: 'Order 77',
      currency: 'EUR',
      amount: '106.75',
      foreign_id: 'invoice-77',
      url_success: 'https://shop.example/ok',
      url_failed: 'https://shop.example/failed',
      email_user: 'customer@example.com',
    });
    assert.equal(invoice.status, 'created');
    assert.equal(invoice.release_at - invoice.fixed_at, 15 * 60);
    assert.match(invoice.url, /^https?:\/\//);
  });
});

describe('CoinsPaidClient typed errors', () => {
  it('turns a 400 into a validation error carrying the field map', async () => {
    const error = await expectReject(client.takeAddress({ foreign_id: '', currency: 'BTC' }), CoinsPaidValidationError);
    assert.equal(error.status, 400);
    assert.ok(error.errors['foreign_id']);
    assert.equal(error.endpoint, 'addresses/take');
  });

  it('turns a wrong secret into an authentication error', async () => {
    const wrong = new CoinsPaidClient({ baseUrl: `${sandboxServer.url}/api/v2`, apiKey, apiSecret: 'not-the-secret' });
    const error = await expectReject(wrong.currenciesList(), CoinsPaidAuthError);
    assert.equal(error.status, 403);
  });

  it('turns a wrong key into an authentication error', async () => {
    const wrong = new CoinsPaidClient({ baseUrl: `${sandboxServer.url}/api/v2`, apiKey: 'someone-else', apiSecret });
    await expectReject(wrong.accountsList(), CoinsPaidAuthError);
  });

  it('turns an HTML 429 into a rate-limit error with a retry-after', async () => {
    assert.equal((await control('faults', { endpoint: 'currencies/list', kind: 'html_429', count: 1 })).status < 300, true);
    const error = await expectReject(client.currenciesList(), CoinsPaidRateLimitError);
    assert.ok(error.retryAfterMs > 0);
    assert.match(error.body, /</);
  });

  it('turns a 5xx into an unavailable error', async () => {
    await control('faults', { endpoint: 'currencies/list', kind: '5xx', count: 1 });
    const error = await expectReject(client.currenciesList(), CoinsPaidUnavailableError);
    assert.equal(error.reason, 'http_error');
    assert.ok((error.status ?? 0) >= 500);
  });

  it('turns malformed JSON into an unavailable error', async () => {
    await control('faults', { endpoint: 'currencies/list', kind: 'malformed_json', count: 1 });
    const error = await expectReject(client.currenciesList(), CoinsPaidUnavailableError);
    assert.equal(error.reason, 'invalid_response');
  });

  it('turns a hanging answer into a timeout', async () => {
    await control('faults', { endpoint: 'currencies/list', kind: 'timeout', count: 1 });
    const impatient = new CoinsPaidClient({ baseUrl: `${sandboxServer.url}/api/v2`, apiKey, apiSecret, timeoutMs: 150 });
    const error = await expectReject(impatient.currenciesList(), CoinsPaidUnavailableError);
    assert.equal(error.reason, 'timeout');
  });

  it('turns a refused connection into an unavailable error', async () => {
    const closed = await listen(() => new Response('bye'));
    await closed.close();
    const orphan = new CoinsPaidClient({ baseUrl: `${closed.url}/api/v2`, apiKey, apiSecret, timeoutMs: 1000 });
    const error = await expectReject(orphan.ping(), CoinsPaidUnavailableError);
    assert.equal(error.reason, 'network');
  });

  it('passes the caller’s abort through instead of calling it a timeout', async () => {
    await control('faults', { endpoint: 'currencies/list', kind: 'timeout', count: 1 });
    const controller = new AbortController();
    const pending = client.currenciesList({}, { signal: controller.signal });
    controller.abort(new Error('customer left'));
    await assert.rejects(pending, /customer left/);
    await control('faults', undefined, 'DELETE');
  });

  it('reports the sandbox’s own exchange/calculate limit as rate limited after 30 calls in a minute', async () => {
    const limited = createSandbox({ apiKey, apiSecret });
    const server = await listen(limited.fetch);
    try {
      const own = new CoinsPaidClient({ baseUrl: `${server.url}/api/v2`, apiKey, apiSecret });
      for (let i = 0; i < 30; i++) await own.exchangeCalculate({ sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' });
      const error = await expectReject(
        own.exchangeCalculate({ sender_currency: 'BTC', receiver_currency: 'EUR', sender_amount: '1' }),
        CoinsPaidRateLimitError,
      );
      assert.doesNotMatch(error.body.trim(), /^\{/);
    } finally {
      limited.dispose();
      await server.close();
    }
  });
});

describe('verifyCallback on callbacks sent by the sandbox', () => {
  let callback: Captured;
  const credentials = { apiKey, apiSecret };

  before(async () => {
    const address = await client.takeAddress({ foreign_id: 'callback-user', currency: 'BTC' });
    const answer = await control('deposits', { address: address.address, amount: '0.01', outcome: 'confirmed', txid: 'sandbox/tx/0001' });
    assert.equal(answer.status, 201);
    callback = await waitFor(
      () => captured.find((c) => new TextDecoder().decode(c.raw).includes(address.address.replace(/\//g, '\\/'))),
      'the deposit callback',
    );
  });

  function reasonOf(fn: () => unknown): string {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof CallbackVerificationError, String(error));
      return error.reason;
    }
    return 'accepted';
  }

  it('accepts the callback as received and parses it into a typed deposit', () => {
    const payload = verifyCallback(callback.raw, callback.headers, credentials);
    assert.equal(payload.type, 'deposit');
    assert.equal(payload.status, 'not_confirmed');
    assert.equal(payload.foreign_id, 'callback-user');
    assert.equal(payload.currency_sent?.amount.replace(/0+$/, ''), '0.01');
    assert.equal(typeof payload.transactions[0]?.confirmations, 'number');
  });

  it('rejects a callback whose body was altered by one byte', () => {
    const altered = callback.raw.slice();
    const i = altered.indexOf('0'.charCodeAt(0));
    altered[i] = '1'.charCodeAt(0);
    assert.equal(
      reasonOf(() => verifyCallback(altered, callback.headers, credentials)),
      'bad_signature',
    );
  });

  it('rejects a callback re-encoded from its parsed JSON (the bytes differ)', () => {
    assert.match(new TextDecoder().decode(callback.raw), /sandbox\\\/tx/, 'the sandbox escapes / as \\/ like CoinsPaid');
    const reencoded = JSON.stringify(JSON.parse(new TextDecoder().decode(callback.raw)));
    assert.equal(
      reasonOf(() => verifyCallback(reencoded, callback.headers, credentials)),
      'bad_signature',
    );
  });

  it('rejects a truncated callback', () => {
    assert.equal(
      reasonOf(() => verifyCallback(callback.raw.slice(0, callback.raw.length - 1), callback.headers, credentials)),
      'bad_signature',
    );
  });

  it('rejects a callback with another merchant’s key', () => {
    const headers = new Headers(callback.headers);
    headers.set('X-Processing-Key', 'another-merchant');
    assert.equal(
      reasonOf(() => verifyCallback(callback.raw, headers, credentials)),
      'wrong_key',
    );
  });

  it('rejects a callback checked with the wrong secret', () => {
    assert.equal(
      reasonOf(() => verifyCallback(callback.raw, callback.headers, { apiKey, apiSecret: 'wrong' })),
      'bad_signature',
    );
  });

  it('rejects a callback without key or signature headers', () => {
    assert.equal(
      reasonOf(() => verifyCallback(callback.raw, {}, credentials)),
      'missing_key',
    );
    assert.equal(
      reasonOf(() => verifyCallback(callback.raw, { 'x-processing-key': apiKey }, credentials)),
      'missing_signature',
    );
  });

  it('rejects a correctly signed body that is not JSON', () => {
    const body = 'status=confirmed';
    const headers = { 'X-Processing-Key': apiKey, 'X-Processing-Signature': signPayload(apiSecret, body) };
    assert.equal(
      reasonOf(() => verifyCallback(body, headers, credentials)),
      'not_json',
    );
  });

  it('rejects a correctly signed JSON body of an unknown type', () => {
    const body = JSON.stringify({ id: 1, type: 'refund', status: 'confirmed' });
    const headers = { 'X-Processing-Key': apiKey, 'X-Processing-Signature': signPayload(apiSecret, body) };
    assert.equal(
      reasonOf(() => verifyCallback(body, headers, credentials)),
      'invalid_payload',
    );
  });
});
