import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServerApp, type ServerAppConfig } from '../../src/server/app.js';
import { MemoryStore } from '../../src/server/store/index.js';

/** createServerApp: the sandbox, client and proxy wired once, for `npm start`, the test stacks and a merchant's server. */

const config: ServerAppConfig = {
  coinspaidApiUrl: null,
  apiKey: 'key',
  apiSecret: 'secret',
  tokenSecret: 'a-token-secret-of-32-bytes-or-more!!',
  allowedOrigins: ['https://shop.example'],
  terminalClientId: 7,
  redisUrl: null,
};

describe('createServerApp', () => {
  it('in sandbox mode: the sandbox at /sandbox, the proxy at /coinspaid pointed at it', async () => {
    const server = createServerApp({ config, selfUrl: 'http://127.0.0.1:9' });
    try {
      assert.ok(server.sandbox);
      assert.equal(
        (await server.app.request('/sandbox/api/v2/currencies/list', { method: 'POST' })).status,
        403,
        'the sandbox checks signatures',
      );
      const config401 = await server.app.request('/coinspaid/config');
      assert.equal(config401.status, 401);
      assert.equal(((await config401.json()) as { code: string }).code, 'token_missing');
      const missing = await server.app.request('/nothing-here');
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { errors: { path: 'Not found.' }, code: 'not_found' });
    } finally {
      await server.dispose();
    }
  });

  it('against CoinsPaid: no sandbox, and nothing at /sandbox', async () => {
    const server = createServerApp({
      config: { ...config, coinspaidApiUrl: 'https://app.cryptoprocessing.com/api/v2' },
      selfUrl: 'http://127.0.0.1:9',
    });
    try {
      assert.equal(server.sandbox, null);
      assert.equal((await server.app.request('/sandbox/api/v2/currencies/list', { method: 'POST' })).status, 404);
      assert.equal((await server.app.request('/coinspaid/config')).status, 401);
    } finally {
      await server.dispose();
    }
  });

  it('closes the store it made, and leaves a store it was given to its owner', async () => {
    const given = new MemoryStore();
    let closed = false;
    given.close = async () => void (closed = true);
    const server = createServerApp({ config, selfUrl: 'http://127.0.0.1:9', proxy: { store: given } });
    assert.equal(server.store, given);
    await server.dispose();
    assert.equal(closed, false);
    await given.close();
  });
});
