import type { Hono } from 'hono';
import type { CallbackPayload } from '../../src/core/api-types.js';
import { scaledClock, systemClock, type Clock } from '../../src/core/clock.js';
import { createServerApp } from '../../src/server/app.js';
import { createCheckoutToken } from '../../src/server/proxy/index.js';
import { createSandbox } from '../../src/server/sandbox/index.js';
import { RedisStore } from '../../src/server/store/index.js';
import { listen, type RunningServer } from './serve.js';

export interface FleetInstance {
  url: string;
  store: RedisStore;
}

export interface Fleet {
  sandboxUrl: string;
  instances: FleetInstance[];
  /** Every callback the merchant handler saw, across all instances. */
  handled: CallbackPayload[];
  apiKey: string;
  apiSecret: string;
  tokenSecret: string;
  mintToken(foreignId: string): Promise<string>;
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  close(): Promise<void>;
}

/** One sandbox and `count` proxy instances, each on its own port, sharing one Redis: a fleet behind a load balancer. */
export async function startFleet({
  count = 3,
  redisUrl,
  prefix = `test${Math.random().toString(36).slice(2, 8)}:`,
  timeScale,
  clock: given,
}: {
  count?: number;
  redisUrl: string;
  prefix?: string;
  timeScale?: number;
  /** A manual clock (test/helpers/manual-clock.ts) for anything that depends on rate windows. */
  clock?: Clock;
}): Promise<Fleet> {
  const clock = given ?? (timeScale ? scaledClock(timeScale) : systemClock);
  const apiKey = 'fleet-key';
  const apiSecret = 'fleet-secret';
  const tokenSecret = 'fleet-token-secret-0123456789abcdef0123';
  const handled: CallbackPayload[] = [];
  const sandbox = createSandbox({ apiKey, apiSecret, clock, confirmationDelayMs: 200 });
  const sandboxServer = await listen(sandbox.fetch);
  const servers: RunningServer[] = [];
  const instances: FleetInstance[] = [];
  for (let i = 0; i < count; i++) {
    const store = new RedisStore({ url: redisUrl, prefix, clock });
    await store.ready();
    // Each instance as `npm start` wires one against a real CoinsPaid (here the shared sandbox): its proxy at /coinspaid.
    const served: { app?: Hono } = {};
    const server = await listen((request, env) =>
      served.app ? served.app.fetch(request, env) : new Response('starting', { status: 503 }),
    );
    const built = createServerApp({
      config: {
        coinspaidApiUrl: `${sandboxServer.url}/api/v2`,
        apiKey,
        apiSecret,
        tokenSecret,
        allowedOrigins: ['https://shop.example'],
        terminalClientId: 1,
        redisUrl: null,
      },
      selfUrl: server.url,
      clock,
      clientTimeoutMs: 5000,
      proxy: { store, createLimitPerMinute: 1_000_000, heartbeatMs: 1000, onCallback: (payload) => void handled.push(payload) },
    });
    served.app = built.app;
    servers.push(server);
    instances.push({ url: `${server.url}/coinspaid`, store });
  }
  await fetch(`${sandboxServer.url}/control/config`, {
    method: 'POST',
    headers: { 'x-sandbox-control': '1' },
    body: JSON.stringify({ callback_url: `${instances[0]!.url}/callback` }),
  });
  return {
    sandboxUrl: sandboxServer.url,
    instances,
    handled,
    apiKey,
    apiSecret,
    tokenSecret,
    mintToken: (foreignId) => createCheckoutToken(tokenSecret, { foreign_id: foreignId }),
    control: (path, body, method = 'POST') =>
      fetch(`${sandboxServer.url}/control/${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      sandbox.dispose();
      for (const server of servers) await server.close();
      for (const instance of instances) await instance.store.close();
      await sandboxServer.close();
    },
  };
}
