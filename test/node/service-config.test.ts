import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../src/server/config.js';
import { redactedUrl } from '../../src/server/service/service.js';

/** The service's environment variables, beyond those `npm start` reads (test/node/config.test.ts). */

const secret = `whsec_${Buffer.from('a'.repeat(32)).toString('base64')}`;
const key = 'k'.repeat(40);

describe('readConfig for the service', () => {
  it('runs with no webhooks, no token route, open metrics and info logs when nothing is set', () => {
    const config = readConfig({});
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.webhookUrl, null);
    assert.equal(config.webhookSecret, null);
    assert.equal(config.merchantApiKey, null);
    assert.equal(config.metricsToken, null);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.shutdownGraceMs, 25_000);
  });

  it('reads the webhook endpoint and secret, the merchant key, the metrics token, the log level and the grace', () => {
    const config = readConfig({
      HOST: '0.0.0.0',
      MERCHANT_WEBHOOK_URL: 'https://shop.example/webhooks/coinspaid',
      MERCHANT_WEBHOOK_SECRET: secret,
      MERCHANT_API_KEY: key,
      METRICS_TOKEN: 'm'.repeat(16),
      LOG_LEVEL: 'WARN',
      SHUTDOWN_GRACE_SECONDS: '50',
    });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.webhookUrl, 'https://shop.example/webhooks/coinspaid');
    assert.equal(config.webhookSecret, secret);
    assert.equal(config.merchantApiKey, key);
    assert.equal(config.metricsToken, 'm'.repeat(16));
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.shutdownGraceMs, 50_000);
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a webhook URL without its secret', { MERCHANT_WEBHOOK_URL: 'https://shop.example/h' }, /^MERCHANT_WEBHOOK_SECRET: is required/],
    ['a webhook secret without a URL', { MERCHANT_WEBHOOK_SECRET: secret }, /^MERCHANT_WEBHOOK_URL/],
    [
      'a webhook URL that is not http(s)',
      { MERCHANT_WEBHOOK_URL: 'ftp://shop.example', MERCHANT_WEBHOOK_SECRET: secret },
      /^MERCHANT_WEBHOOK_URL/,
    ],
    ['a webhook secret without whsec_', { MERCHANT_WEBHOOK_URL: 'https://s.example', MERCHANT_WEBHOOK_SECRET: 'a'.repeat(44) }, /whsec_/],
    [
      'a webhook secret of too few bytes',
      { MERCHANT_WEBHOOK_URL: 'https://s.example', MERCHANT_WEBHOOK_SECRET: `whsec_${Buffer.alloc(8).toString('base64')}` },
      /24 to 64/,
    ],
    ['a short merchant key', { MERCHANT_API_KEY: 'short' }, /^MERCHANT_API_KEY: must be 32/],
    ['a merchant key with spaces', { MERCHANT_API_KEY: `${key} x` }, /^MERCHANT_API_KEY/],
    ['a merchant key equal to the token secret', { MERCHANT_API_KEY: key, TERMINAL_TOKEN_SECRET: key }, /must differ/],
    ['a short metrics token', { METRICS_TOKEN: 'abc' }, /^METRICS_TOKEN/],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL/],
    ['a grace that is not whole seconds', { SHUTDOWN_GRACE_SECONDS: '2.5' }, /^SHUTDOWN_GRACE_SECONDS/],
  ];
  for (const [what, env, message] of bad) {
    it(`refuses to start with ${what}`, () => {
      assert.throws(
        () => readConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }

  it('logs Redis and webhook URLs without their passwords or query strings', () => {
    assert.equal(redactedUrl('redis://:s3cret@redis.internal:6379/0'), 'redis://:***@redis.internal:6379/0');
    assert.equal(redactedUrl('https://user:pw@shop.example/hook?key=abc'), 'https://user:***@shop.example/hook');
    assert.equal(redactedUrl('not a url'), '[unreadable URL]');
  });
});
