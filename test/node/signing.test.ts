import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signPayload, verifySignature } from '../../src/server/coinspaid/index.js';

describe('signPayload', () => {
  it('reproduces CoinsPaid’s public signature example', () => {
    assert.equal(
      signPayload('AbCdEfG123456', '{"currency":"BTC","foreign_id":"123456"}'),
      '03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec',
    );
  });

  it('signs the exact bytes: whitespace and key order change the signature', () => {
    const compact = signPayload('s', '{"a":1,"b":2}');
    assert.notEqual(compact, signPayload('s', '{"a": 1, "b": 2}'));
    assert.notEqual(compact, signPayload('s', '{"b":2,"a":1}'));
  });

  it('agrees with node:crypto for multi-byte UTF-8 bodies and for raw bytes', () => {
    const body = '{"title":"Café – 10 €","path":"a\\/b"}';
    const expected = createHmac('sha512', 'secret-ü').update(body, 'utf8').digest('hex');
    assert.equal(signPayload('secret-ü', body), expected);
    assert.equal(signPayload('secret-ü', new TextEncoder().encode(body)), expected);
  });
});

describe('verifySignature', () => {
  const body = '{"id":1}';
  const good = signPayload('k', body);

  it('accepts the right signature in lower or upper case hex', () => {
    assert.equal(verifySignature('k', body, good), true);
    assert.equal(verifySignature('k', body, good.toUpperCase()), true);
  });

  it('rejects a signature of another body, another secret, wrong length or non-hex', () => {
    assert.equal(verifySignature('k', '{"id":2}', good), false);
    assert.equal(verifySignature('other', body, good), false);
    assert.equal(verifySignature('k', body, good.slice(0, 126)), false);
    assert.equal(verifySignature('k', body, `${good.slice(0, 127)}z`), false);
    assert.equal(verifySignature('k', body, ''), false);
  });
});
