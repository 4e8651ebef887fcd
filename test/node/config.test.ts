import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig, SANDBOX_DEFAULT_KEY, SANDBOX_DEFAULT_SECRET } from '../../src/server/config.js';

const secret32 = 'x'.repeat(32);

describe('readConfig', () => {
  it('runs in sandbox mode with demo credentials and a generated token secret when nothing is set', () => {
    const config = readConfig({});
    assert.equal(config.sandboxMode, true);
    assert.equal(config.port, 8787);
    assert.equal(config.apiKey, SANDBOX_DEFAULT_KEY);
    assert.equal(config.tokenSecretGenerated, true);
    assert.ok(config.tokenSecret.length >= 32);
    assert.deepEqual(config.allowedOrigins, ['http://localhost:8787', 'http://127.0.0.1:8787']);
  });

  it('accepts the sandbox demo pair given explicitly in sandbox mode (they are public)', () => {
    const config = readConfig({ COINSPAID_API_KEY: SANDBOX_DEFAULT_KEY, COINSPAID_API_SECRET: SANDBOX_DEFAULT_SECRET });
    assert.equal(config.apiSecret, SANDBOX_DEFAULT_SECRET);
  });

  it('uses the real API only with credentials and a token secret', () => {
    const config = readConfig({
      COINSPAID_API_URL: 'https://app.cryptoprocessing.com/api/v2',
      COINSPAID_API_KEY: 'k',
      COINSPAID_API_SECRET: 's',
      COINSPAID_CLIENT_ID: '1042',
      TERMINAL_TOKEN_SECRET: secret32,
      ALLOWED_ORIGINS: 'https://shop.example, https://checkout.shop.example',
    });
    assert.equal(config.sandboxMode, false);
    assert.equal(config.terminalClientId, 1042);
    assert.deepEqual(config.allowedOrigins, ['https://shop.example', 'https://checkout.shop.example']);
  });

  const live = {
    COINSPAID_API_URL: 'https://app.cryptoprocessing.com/api/v2',
    COINSPAID_API_KEY: 'k',
    COINSPAID_API_SECRET: 's',
    TERMINAL_TOKEN_SECRET: secret32,
  };
  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a port that is not a number', { PORT: 'eighty' }, /^PORT/],
    ['an API URL that is not http(s)', { COINSPAID_API_URL: 'file:///etc/passwd' }, /^COINSPAID_API_URL/],
    ['the real API without a key', { ...live, COINSPAID_API_KEY: '' }, /^COINSPAID_API_KEY/],
    ['the real API without a secret', { ...live, COINSPAID_API_SECRET: '' }, /^COINSPAID_API_SECRET/],
    ['the real API without a token secret', { ...live, TERMINAL_TOKEN_SECRET: '' }, /^TERMINAL_TOKEN_SECRET/],
    ['a token secret shorter than 32 bytes', { TERMINAL_TOKEN_SECRET: 'short' }, /^TERMINAL_TOKEN_SECRET/],
    ['a client id that is not a positive integer', { COINSPAID_CLIENT_ID: '-3' }, /^COINSPAID_CLIENT_ID/],
    ['an origin with a path', { ALLOWED_ORIGINS: 'https://shop.example/checkout' }, /^ALLOWED_ORIGINS/],
    ['an origin that is not http(s)', { ALLOWED_ORIGINS: 'javascript:alert(1)' }, /^ALLOWED_ORIGINS/],
    ['a Redis URL of another scheme', { REDIS_URL: 'http://127.0.0.1:6379' }, /^REDIS_URL/],
    [
      'a real API secret in sandbox mode',
      { COINSPAID_API_SECRET: 'a-real-secret' },
      /^COINSPAID_API_SECRET: .*never holds real credentials/,
    ],
    ['a real API key in sandbox mode', { COINSPAID_API_KEY: 'a-real-key' }, /^COINSPAID_API_KEY: .*Unset COINSPAID_API_KEY/],
  ];
  for (const [what, env, message] of bad) {
    it(`refuses to start with ${what}`, () => {
      assert.throws(
        () => readConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }
});
