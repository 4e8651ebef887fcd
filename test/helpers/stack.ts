import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import type { AddressInfo } from 'node:net';
import { scaledClock, systemClock, type Clock } from '../../src/core/clock.js';
import type { CallbackPayload } from '../../src/core/api-types.js';
import { createServerApp, type ServerApp } from '../../src/server/app.js';
import type { OrderSettlement } from '../../src/core/wire.js';
import {
  createCheckoutToken,
  type CallbackHandler,
  type CheckoutClaimsInput,
  type StreamLimitOptions,
} from '../../src/server/proxy/index.js';
import type { SandboxApp } from '../../src/server/sandbox/index.js';
import type { ProxyStore } from '../../src/server/store/index.js';

export interface StackOptions {
  /** The time of the sandbox and the proxy: a ManualClock (test/helpers/manual-clock.ts) for anything timed. */
  clock?: Clock;
  /** Run API time this many times faster than the wall clock (callback retries, rate windows). */
  timeScale?: number;
  allowedOrigins?: string[];
  /** The merchant's handler; records every callback (and what it was told) by default. */
  onCallback?: CallbackHandler;
  store?: ProxyStore;
  heartbeatMs?: number;
  confirmationDelayMs?: number;
  createLimitPerMinute?: number;
  /** The script build the proxy's /embed page serves (default: the package's dist/script). */
  embedScripts?: string | URL;
  /** New rates one client may cause a minute (browser tests, all from one address, try many pairs). */
  newRatesPerClientPerMinute?: number;
  /** Bounds on open status streams, and how long one lives. */
  streams?: StreamLimitOptions;
  streamMaxAgeMs?: number;
  /** Who a request is from, for per-client limits (tests name clients with a header; all come from 127.0.0.1). */
  clientIp?: (c: Context) => string;
}

export interface Stack {
  url: string;
  apiKey: string;
  apiSecret: string;
  tokenSecret: string;
  clock: Clock;
  sandbox: SandboxApp;
  handled: CallbackPayload[];
  /** What the default handler was told with each callback: the settlement of the order it belongs to. */
  told: { payload: CallbackPayload; settlement: OrderSettlement | null }[];
  /** Resolves when the sandbox has no callback in flight (each was answered, so the proxy has handled it). */
  delivered(): Promise<void>;
  mintToken(claims?: Partial<CheckoutClaimsInput>, expiresIn?: string | number): Promise<string>;
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Sandbox (at /sandbox) and proxy (at /coinspaid) on one 127.0.0.1 port, wired by createServerApp exactly as
 * `npm start` wires them: the proxy reaches the sandbox over real HTTP and the sandbox posts its callbacks to the proxy.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clock = options.clock ?? (options.timeScale ? scaledClock(options.timeScale) : systemClock);
  const apiKey = 'stack-key';
  const apiSecret = 'stack-secret';
  const tokenSecret = 'stack-token-secret-0123456789abcdef';
  const handled: CallbackPayload[] = [];
  const told: Stack['told'] = [];
  let orders = 0;
  // Bound first: the app is made for the port it is served on (the sandbox's callbacks go to this URL).
  const served: { app?: ServerApp['app'] } = {};
  const server = serve({
    fetch: (request, env) => (served.app ? served.app.fetch(request, env) : new Response('starting', { status: 503 })),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const built = createServerApp({
    config: {
      coinspaidApiUrl: null,
      apiKey,
      apiSecret,
      tokenSecret,
      allowedOrigins: options.allowedOrigins ?? ['https://shop.example'],
      terminalClientId: 1042,
      redisUrl: null,
    },
    selfUrl: url,
    clock,
    clientTimeoutMs: 5000,
    sandbox: { confirmationDelayMs: options.confirmationDelayMs ?? 1000 },
    proxy: {
      onCallback:
        options.onCallback ??
        ((payload, { settlement }) => {
          handled.push(payload);
          told.push({ payload, settlement });
        }),
      ...(options.store ? { store: options.store } : {}),
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      ...(options.createLimitPerMinute ? { createLimitPerMinute: options.createLimitPerMinute } : {}),
      ...(options.embedScripts ? { embedScripts: options.embedScripts } : {}),
      ...(options.clientIp ? { clientIp: options.clientIp } : {}),
      ...(options.streams ? { streams: options.streams } : {}),
      ...(options.newRatesPerClientPerMinute ? { newRatesPerClientPerMinute: options.newRatesPerClientPerMinute } : {}),
      ...(options.streamMaxAgeMs ? { streamMaxAgeMs: options.streamMaxAgeMs } : {}),
    },
  });
  served.app = built.app;
  const { sandbox, dispose } = built;

  return {
    url,
    apiKey,
    apiSecret,
    tokenSecret,
    clock,
    sandbox: sandbox!,
    handled,
    told,
    delivered: () => sandbox!.sandbox.callbacks.idle(),
    // A priced token must name its order: each gets an order of its own unless the test names one.
    mintToken: (claims = {}, expiresIn = '30m') =>
      createCheckoutToken(
        tokenSecret,
        { foreign_id: 'test-customer-1', ...(claims.amount !== undefined ? { order_id: `order-${++orders}` } : {}), ...claims },
        { expiresIn },
      ),
    control: (path, body, method = 'POST') =>
      fetch(`${url}/sandbox/control/${path.replace(/^\//, '')}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      await dispose();
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
