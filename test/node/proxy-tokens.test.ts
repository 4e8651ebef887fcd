import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { CheckoutClaimsError, createCheckoutToken, verifyCheckoutToken } from '../../src/server/proxy/index.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack.close());

async function config(token: string | null, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}/coinspaid/config`, {
    headers: { ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: response.status, body: (await response.json()) as { code?: string; errors?: Record<string, string> } };
}

describe('checkout tokens', () => {
  it('lets a request with a valid token through', async () => {
    assert.equal((await config(await stack.mintToken())).status, 200);
  });

  it('refuses a request without a token', async () => {
    const { status, body } = await config(null);
    assert.equal(status, 401);
    assert.equal(body.code, 'token_missing');
    assert.ok(body.errors?.['token']);
  });

  it('refuses an expired token and says so', async () => {
    const token = await createCheckoutToken(stack.tokenSecret, { foreign_id: 'c' }, { expiresIn: -10 });
    const { status, body } = await config(token);
    assert.equal(status, 401);
    assert.equal(body.code, 'token_expired');
  });

  it('refuses a tampered token', async () => {
    const token = await stack.mintToken({ currencies: ['BTC'] });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    claims['currencies'] = ['BTC', 'ETH'];
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    assert.equal((await config(forged)).body.code, 'token_invalid');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await createCheckoutToken('another-secret-of-32-bytes-or-more!!', { foreign_id: 'c' });
    assert.equal((await config(token)).body.code, 'token_invalid');
  });

  it('refuses an unsigned (alg none) token and one signed with another algorithm', async () => {
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ foreign_id: 'c', aud: 'coinspaid-terminal', exp: 9999999999 })).toString('base64url')}.`;
    assert.equal((await config(none)).body.code, 'token_invalid');
    const hs512 = await new SignJWT({ foreign_id: 'c' })
      .setProtectedHeader({ alg: 'HS512' })
      .setAudience('coinspaid-terminal')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(stack.tokenSecret));
    assert.equal((await config(hs512)).body.code, 'token_invalid');
  });

  it('refuses a token without an expiry', async () => {
    const forever = await new SignJWT({ foreign_id: 'c' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('coinspaid-terminal')
      .sign(new TextEncoder().encode(stack.tokenSecret));
    assert.equal((await config(forever)).body.code, 'token_invalid');
  });

  it('refuses garbage in the Authorization header', async () => {
    assert.equal((await config('not.a.jwt')).status, 401);
    const response = await fetch(`${stack.url}/coinspaid/config`, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(response.status, 401);
  });

  it('refuses a request that contradicts its token', async () => {
    const token = await stack.mintToken({ currencies: ['BTC'], convert_to: 'EUR', url_back: 'https://shop.example/back' });
    const post = (path: string, body: unknown) =>
      fetch(`${stack.url}/coinspaid/${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const otherCurrency = await post('addresses', { currency: 'ETH' });
    assert.equal(otherCurrency.status, 403);
    assert.equal(((await otherCurrency.json()) as { code: string }).code, 'forbidden_by_token');
    assert.equal((await post('addresses', { currency: 'BTC', convert_to: 'USD' })).status, 403);
    assert.equal((await post('terminal-url', { currency: 'BTC', url_back: 'https://phish.example/' })).status, 403);
    assert.equal((await post('invoices', {})).status, 403);
  });
});

describe('createCheckoutToken', () => {
  const secret = 'a-secret-that-is-at-least-32-bytes-long';

  it('round-trips the claims and the expiry', async () => {
    const token = await createCheckoutToken(
      secret,
      { foreign_id: 'customer-1', order_id: '1042', currencies: ['BTC', 'USDTT'], amount: '106.75', amount_currency: 'EUR' },
      { expiresIn: '10m' },
    );
    const checkout = await verifyCheckoutToken(secret, token);
    assert.deepEqual(checkout.currencies, ['BTC', 'USDTT']);
    assert.equal(checkout.amount, '106.75');
    assert.equal(checkout.order_id, '1042');
    assert.equal(checkout.checkout_id, 'o:1042');
    assert.ok(checkout.exp > Date.now() / 1000);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['no foreign_id', {}, 'foreign_id'],
    ['a float amount', { foreign_id: 'a', amount: 106.75, amount_currency: 'EUR' }, 'amount'],
    ['an amount without its currency', { foreign_id: 'a', order_id: '1', amount: '1' }, 'amount'],
    ['an amount without the order it pays', { foreign_id: 'a', amount: '1', amount_currency: 'EUR' }, 'order_id'],
    ['an order id with a space', { foreign_id: 'a', order_id: 'order 1' }, 'order_id'],
    ['an order id of 65 characters', { foreign_id: 'a', order_id: 'x'.repeat(65) }, 'order_id'],
    ['a javascript: url_back', { foreign_id: 'a', url_back: 'javascript:alert(1)' }, 'url_back'],
    ['a lowercase currency', { foreign_id: 'a', currencies: ['btc'] }, 'currencies.0'],
    ['an unknown claim', { foreign_id: 'a', admin: true }, 'admin'],
    [
      'an invoice without an email',
      {
        foreign_id: 'a',
        order_id: '1',
        amount: '1',
        amount_currency: 'EUR',
        invoice: { title: 't', url_success: 'https://a.example', url_failed: 'https://a.example' },
      },
      'invoice.email_user',
    ],
  ];
  for (const [what, claims, field] of bad) {
    it(`refuses to mint a token with ${what}`, async () => {
      await assert.rejects(
        createCheckoutToken(secret, claims as never),
        (error: unknown) => error instanceof CheckoutClaimsError && field in error.errors,
      );
    });
  }

  it('refuses a secret shorter than 32 bytes', async () => {
    await assert.rejects(createCheckoutToken('short', { foreign_id: 'a' }), /32 bytes/);
  });
});
