import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { terminalParamsErrors } from '../../src/core/terminal-params.js';
import { isHttpUrl, isPositiveDecimal } from '../../src/core/validators.js';
import { CheckoutClaimsError, createCheckoutToken } from '../../src/server/proxy/index.js';

/** src/core/validators.ts: one strict rule each, shared by the element, the token claims and the terminal parameters. */

describe('isHttpUrl', () => {
  it('accepts absolute https:// and http:// URLs, in any case', () => {
    for (const url of ['https://shop.example/back', 'http://127.0.0.1:8787/', 'HTTPS://Shop.Example/x?y=1#z'])
      assert.equal(isHttpUrl(url), true, url);
  });

  it('refuses other schemes, relative URLs, and a scheme without //', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://files.example/x',
      '//evil.example/x',
      '/orders/1',
      'https:shop.example',
      'http:/shop.example',
      'https://',
      ' https://shop.example',
      '',
    ])
      assert.equal(isHttpUrl(url), false, JSON.stringify(url));
  });

  it('is the rule of the token claims and of the terminal parameters alike', async () => {
    const secret = 'a-secret-that-is-at-least-32-bytes-long';
    await assert.rejects(
      createCheckoutToken(secret, { foreign_id: 'a', url_back: 'https:shop.example' }),
      (error) => error instanceof CheckoutClaimsError && 'url_back' in error.errors,
    );
    assert.ok(terminalParamsErrors({ client_id: 1, currency: 'BTC', foreign_id: 'a', url_back: 'https:shop.example' })['url_back']);
  });
});

describe('isPositiveDecimal', () => {
  it('accepts plain decimal strings above zero', () => {
    for (const value of ['1', '0.1', '106.75', '0.000000000000000001']) assert.equal(isPositiveDecimal(value), true, value);
  });

  it('refuses zero, signs, exponents, commas and grouping', () => {
    for (const value of ['0', '0.00', '-1', '+1', '1e3', '1,5', '1 000', '.5', '5.', '01'])
      assert.equal(isPositiveDecimal(value), false, value);
  });
});
