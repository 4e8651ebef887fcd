/**
 * The sandbox's API v2 authentication over real HTTP, like CoinsPaid's: X-Processing-Key and an HMAC-SHA512
 * signature of the exact body bytes, 403 with a JSON {error, code} body otherwise; body parsing; the mount point.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { createSandbox, SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET } from '../../src/server/sandbox/index.js';
import { apiKey, apiSecret, callApi, type CallOptions, dataOf, errorsOf, invoiceBody, sign } from '../helpers/sandbox-client.js';
import { listen } from '../helpers/serve.js';
import { useSandbox } from '../helpers/use-sandbox.js';

const s = useSandbox();

/** GET with a body: fetch refuses to send one, CoinsPaid clients in the wild do. */
function getWithBody(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('sandbox API authentication', () => {
  it('answers GET ping with 200 OK without any credentials', async () => {
    const response = await fetch(`${s.url}/api/v2/ping`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'OK');
  });

  it('answers ping sent as a GET carrying a signed {} body, and as a signed POST', async () => {
    const get = await getWithBody(`${s.url}/api/v2/ping`, '{}', {
      'X-Processing-Key': apiKey,
      'X-Processing-Signature': sign(apiSecret, '{}'),
    });
    assert.deepEqual(get, { status: 200, text: 'OK' });
    const post = await s.api('ping', {});
    assert.equal(post.status, 200);
    assert.equal(post.text, 'OK');
  });

  it('accepts a signed {}, null and [] for calls without parameters', async () => {
    for (const body of ['{}', 'null', '[]']) {
      const a = await s.api('accounts/list', body);
      assert.equal(a.status, 200, `body ${JSON.stringify(body)}: ${a.text}`);
    }
  });

  it('refuses a signed empty body as it refuses any body that is not JSON: 400 naming the body', async () => {
    const notJson = await s.api('accounts/list', 'accounts');
    assert.equal(notJson.status, 400, notJson.text);
    for (const body of ['', '  \n']) {
      const a = await s.api('accounts/list', body);
      assert.equal(a.status, 400, `body ${JSON.stringify(body)}: ${a.text}`);
      assert.match(a.contentType, /application\/json/);
      assert.deepEqual(a.json, notJson.json, 'the same answer as for a body that is not JSON');
      assert.match(errorsOf(a)['body'] ?? '', /valid json object or array/);
    }
  });

  const refusals: Array<[string, CallOptions]> = [
    ['a wrong key', { key: 'someone-else' }],
    ['a signature made with another secret', { secret: 'not-the-secret' }],
    ['a signature that is not hex', { signature: 'z'.repeat(128) }],
    ['a truncated signature', { signature: sign(apiSecret, '{}').slice(0, 64) }],
    ['no key header', { key: null }],
    ['no signature header', { signature: null }],
    ['no headers at all', { key: null, signature: null }],
  ];
  for (const [what, options] of refusals) {
    it(`refuses ${what} with 403 and a JSON {error, code} body`, async () => {
      const a = await s.api('currencies/list', '{}', options);
      assert.equal(a.status, 403, a.text);
      assert.match(a.contentType, /application\/json/);
      const body = a.json as { error: unknown; code: unknown };
      assert.equal(typeof body.error, 'string');
      assert.equal(typeof body.code, 'string');
    });
  }

  it('refuses a body changed after signing (the signature covers the exact bytes)', async () => {
    const signed = '{"currency":"BTC","foreign_id":"1"}';
    const a = await s.api('addresses/take', '{"currency":"BTC", "foreign_id":"1"}', { signature: sign(apiSecret, signed) });
    assert.equal(a.status, 403);
  });

  it('verifies the signature over raw bytes, so a re-encoded body with escaped slashes still has to match its own bytes', async () => {
    const raw = '{"foreign_id":"user\\/2048","currency":"BTC"}';
    const a = await s.api('addresses/take', raw);
    assert.equal(dataOf<{ foreign_id: string }>(a, 201).foreign_id, 'user/2048');
  });

  it('answers 400 {"errors":{"body":…}} for a correctly signed body that is not JSON', async () => {
    for (const body of ['not json', '{"currency":', '\u0000']) {
      const a = await s.api('currencies/list', body);
      assert.equal(a.status, 400, a.text);
      assert.equal(typeof errorsOf(a)['body'], 'string');
    }
  });

  it('answers 400 for a JSON body that is not an object (a non-empty array, a string, a number)', async () => {
    for (const body of ['[1,2]', '"BTC"', '42', 'true']) {
      const a = await s.api('addresses/take', body);
      assert.equal(a.status, 400, `${body}: ${a.text}`);
      assert.ok(Object.keys(errorsOf(a)).length > 0);
    }
  });

  it('answers an unknown endpoint with 404 JSON', async () => {
    const a = await s.api('balances/steal');
    assert.equal(a.status, 404);
    assert.ok(a.json);
  });

  it('uses fixed demo credentials when none are given', async () => {
    const demo = createSandbox({ clock: s.clock });
    const server = await listen(demo.fetch);
    try {
      const a = await callApi(server.url, 'accounts/list', {}, { key: SANDBOX_DEMO_API_KEY, secret: SANDBOX_DEMO_API_SECRET });
      assert.equal(a.status, 200);
      assert.equal((await callApi(server.url, 'accounts/list', {})).status, 403);
    } finally {
      demo.dispose();
      await server.close();
    }
  });

  // From the former emulator suite.
  it('accepts a signed {} , null and [] for calls without parameters', async () => {
    for (const body of ['{}', 'null', '[]']) assert.equal((await s.api('accounts/list', body)).status, 200, body);
  });

  it('refuses a wrong key, a wrong signature and missing headers with 403 and a JSON body', async () => {
    const cases: CallOptions[] = [{ key: 'someone-else' }, { secret: 'wrong' }, { signature: '' }];
    for (const options of cases) {
      const a = await s.api('currencies/list', '{}', options);
      assert.equal(a.status, 403);
      assert.equal(typeof (a.json as { error: unknown }).error, 'string');
    }
  });

  it('refuses a body signed before being changed', async () => {
    const response = await fetch(`${s.url}/api/v2/addresses/take`, {
      method: 'POST',
      headers: { 'X-Processing-Key': apiKey, 'X-Processing-Signature': sign(apiSecret, '{"currency":"BTC","foreign_id":"1"}') },
      body: '{"currency":"ETH","foreign_id":"1"}',
    });
    assert.equal(response.status, 403);
  });
});

describe('sandbox API mounted under /sandbox, as npm start serves it', () => {
  const mounted = useSandbox({ mountPath: '/sandbox' });

  it('serves the API and the control API under the mount point', async () => {
    assert.equal(await (await fetch(`${mounted.origin}/sandbox/api/v2/ping`)).text(), 'OK');
    const take = await callApi(`${mounted.origin}/sandbox`, 'addresses/take', { foreign_id: 'm', currency: 'BTC' });
    assert.equal(take.status, 201);
    const stats = (await (
      await fetch(`${mounted.origin}/sandbox/control/stats`, { headers: { 'x-sandbox-control': '1' } })
    ).json()) as Record<string, number>;
    assert.equal(stats['addresses/take'], 1);
    assert.equal((await callApi(`${mounted.origin}/sandbox`, 'accounts/list', {}, { secret: 'wrong' })).status, 403);
  });

  it('builds invoice URLs on the host the merchant called', async () => {
    const inv = dataOf<{ url: string }>(await callApi(`${mounted.origin}/sandbox`, 'invoices/create', invoiceBody('mounted-1')));
    assert.ok(inv.url.startsWith(`${mounted.origin}/sandbox/`), inv.url);
  });
});
