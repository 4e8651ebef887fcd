import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, it } from 'node:test';
import { cryptoForFiat } from '../../src/core/amount.js';
import type { AddressGrant, RateQuote } from '../../src/core/wire.js';
import { verifyCheckoutToken } from '../../src/server/proxy/tokens.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { MERCHANT_API_KEY, startTestService, TOKEN_SECRET, type TestService } from '../helpers/service.js';

/** `POST /coinspaid/tokens`: checkout tokens over HTTP for backends in any language, and tokens minted by one. */

const run = promisify(execFile);

let running: TestService | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof startTestService>[0] = {}) {
  running = await startTestService(options);
  return running;
}

function postTokens(
  s: TestService,
  body: unknown,
  authorization: string | null = `Bearer ${MERCHANT_API_KEY}`,
  extra: Record<string, string> = {},
) {
  return fetch(`${s.url}/coinspaid/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { Authorization: authorization } : {}), ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * The README's Python example, run as a shop's backend would: an HS256 JWT made with the standard library only
 * (hmac, hashlib, base64, json, time). Claims in argv[1], the token secret in the environment.
 */
const PYTHON_MINT = `
import base64, hashlib, hmac, json, os, sys, time

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def checkout_token(secret: str, claims: dict, ttl: int = 1800) -> str:
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {**claims, "aud": "coinspaid-terminal", "iat": now, "exp": now + ttl}
    signing_input = ".".join(b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload))
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)

print(checkout_token(os.environ["TERMINAL_TOKEN_SECRET"], json.loads(sys.argv[1])))
`;

describe('POST /coinspaid/tokens', () => {
  it('does not exist without a merchant API key', async () => {
    const s = await start({ env: { MERCHANT_API_KEY: '' } });
    const response = await postTokens(s, { foreign_id: 'c' });
    assert.equal(response.status, 404);
  });

  it('answers 401 without the merchant API key, with a wrong one, and with a checkout token', async () => {
    const s = await start();
    const missing = await postTokens(s, { foreign_id: 'c' }, null);
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { code: string }).code, 'token_missing');
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);

    for (const authorization of [
      `Bearer ${MERCHANT_API_KEY}x`,
      `Bearer ${MERCHANT_API_KEY.slice(0, -1)}`,
      `Basic ${MERCHANT_API_KEY}`,
      'Bearer',
    ]) {
      const wrong = await postTokens(s, { foreign_id: 'c' }, authorization);
      assert.equal(wrong.status, 401, authorization);
      assert.equal(((await wrong.json()) as { code: string }).code, 'token_invalid');
    }
    const checkoutToken = await s.mintToken({ foreign_id: 'c' });
    const withToken = await postTokens(s, { foreign_id: 'c' }, `Bearer ${checkoutToken}`);
    assert.equal(withToken.status, 401, 'a checkout token never mints another');
  });

  it('answers 400 with one message per field for claims a token could not carry', async () => {
    const s = await start();
    const cases: Array<[unknown, Record<string, RegExp>]> = [
      [{}, { foreign_id: /required/ }],
      [
        { foreign_id: 'c', amount: '10.00' },
        { amount: /amount currency/, order_id: /required with an amount/ },
      ],
      [{ foreign_id: 'c', amount: '-1', amount_currency: 'EUR', order_id: '1' }, { amount: /positive decimal/ }],
      [{ foreign_id: 'c', colour: 'red' }, { colour: /not allowed/ }],
      [{ foreign_id: 'c', expires_in: 10 }, { expires_in: /at least 60/ }],
      [{ foreign_id: 'c', expires_in: '600' }, { expires_in: /number of seconds/ }],
      [{ foreign_id: 'c', order_id: 'has space' }, { order_id: /printable ASCII/ }],
      ['not json', { body: /JSON/ }],
      [[1, 2], { body: /JSON object/ }],
    ];
    for (const [body, expected] of cases) {
      const response = await postTokens(s, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const answer = (await response.json()) as { errors: Record<string, string>; code: string };
      assert.equal(answer.code, 'validation');
      assert.deepEqual(Object.keys(answer.errors).sort(), Object.keys(expected).sort(), JSON.stringify(answer));
      for (const [field, pattern] of Object.entries(expected)) assert.match(answer.errors[field]!, pattern, field);
    }
  });

  it('mints a checkout token for the claims, readable by no page, that the proxy accepts', async () => {
    const s = await start({ env: { ALLOWED_ORIGINS: 'https://shop.example' } });
    const before = Math.floor(Date.now() / 1000);
    const response = await postTokens(
      s,
      { foreign_id: 'customer:42', order_id: '1042', amount: '106.75', amount_currency: 'EUR', convert_to: 'EUR', expires_in: 900 },
      `Bearer ${MERCHANT_API_KEY}`,
      { Origin: 'https://shop.example' },
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('access-control-allow-origin'), null, 'server to server: no page may read it');
    const grant = (await response.json()) as { token: string; expires_at: number; checkout_id: string };
    assert.equal(grant.checkout_id, 'o:1042');
    assert.ok(grant.expires_at >= before + 900 && grant.expires_at <= before + 902);
    const verified = await verifyCheckoutToken(TOKEN_SECRET, grant.token);
    assert.equal(verified.order_id, '1042');
    assert.equal(verified.amount, '106.75');
    assert.equal(verified.exp, grant.expires_at);
    const address = await s.call<AddressGrant>(grant.token, 'POST', 'addresses', { currency: 'BTC', convert_to: 'EUR' });
    assert.equal(address.status, 201);
    assert.equal(address.json.settlement.order_id, '1042');
  });

  it('pays an order with a token minted by Python’s standard library, as the README shows', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, receiver: true, sandbox: { confirmationDelayMs: 10_000 } });
    const claims = { foreign_id: 'customer:py', order_id: 'PY-7', amount: '25.00', amount_currency: 'EUR', convert_to: 'EUR' };
    const { stdout } = await run('python3', ['-c', PYTHON_MINT, JSON.stringify(claims)], {
      env: { ...process.env, TERMINAL_TOKEN_SECRET: TOKEN_SECRET },
    });
    const token = stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const quote = (await s.call<RateQuote>(token, 'GET', 'rates?from=LTC&to=EUR')).json;
    const { status, json: grant } = await s.call<AddressGrant>(token, 'POST', 'addresses', { currency: 'LTC', convert_to: 'EUR' });
    assert.equal(status, 201);
    const amount = cryptoForFiat('25.00', quote.price, 8);
    assert.equal((await s.control('deposits', { address: grant.address.address, amount, outcome: 'confirmed' })).status, 201);
    await s.settled();
    clock.advance(10_000);
    await s.settled();
    assert.deepEqual(s.receiver!.statuses(), ['pending', 'paid']);
    assert.equal(s.receiver!.received[1]!.json.data.order_id, 'PY-7');
    assert.equal(s.receiver!.received[1]!.json.data['foreign_id'], 'customer:py');
  });
});
