import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { scaledClock, systemClock, type Clock } from '../../src/core/clock.js';
import type { CallbackPayload } from '../../src/core/api-types.js';
import { CoinsPaidClient } from '../../src/server/coinspaid/index.js';
import { createCheckoutToken, createTerminalProxy, type CheckoutClaimsInput } from '../../src/server/proxy/index.js';
import { createSandbox, type SandboxApp } from '../../src/server/sandbox/index.js';
import type { ProxyStore } from '../../src/server/store/index.js';

export interface StackOptions {
  /** Run API time this many times faster than the wall clock (callback retries, rate windows). */
  timeScale?: number;
  allowedOrigins?: string[];
  /** The merchant's handler; records every callback by default. */
  onCallback?: (payload: CallbackPayload) => void | Promise<void>;
  store?: ProxyStore;
  heartbeatMs?: number;
  confirmationDelayMs?: number;
  createLimitPerMinute?: number;
  /** The script build the proxy's /embed page serves (default: the package's dist/script). */
  embedScripts?: string | URL;
}

export interface Stack {
  url: string;
  apiKey: string;
  apiSecret: string;
  tokenSecret: string;
  clock: Clock;
  sandbox: SandboxApp;
  handled: CallbackPayload[];
  mintToken(claims?: Partial<CheckoutClaimsInput>, expiresIn?: string | number): Promise<string>;
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Sandbox (at /sandbox) and proxy (at /coinspaid) on one 127.0.0.1 port, as `npm start` composes them: the proxy
 * reaches the sandbox over real HTTP and the sandbox posts its callbacks to the proxy.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clock = options.timeScale ? scaledClock(options.timeScale) : systemClock;
  const apiKey = 'stack-key';
  const apiSecret = 'stack-secret';
  const tokenSecret = 'stack-token-secret-0123456789abcdef';
  const handled: CallbackPayload[] = [];
  const app = new Hono();
  const server = serve({ fetch: (request, env) => app.fetch(request, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sandbox = createSandbox({
    apiKey,
    apiSecret,
    clock,
    callbackUrl: `${url}/coinspaid/callback`,
    confirmationDelayMs: options.confirmationDelayMs ?? 1000,
  });
  const proxy = createTerminalProxy({
    client: new CoinsPaidClient({ baseUrl: `${url}/sandbox/api/v2`, apiKey, apiSecret, timeoutMs: 5000 }),
    apiKey,
    apiSecret,
    tokenSecret,
    allowedOrigins: options.allowedOrigins ?? ['https://shop.example'],
    terminalClientId: 1042,
    clock,
    onCallback: options.onCallback ?? ((payload) => void handled.push(payload)),
    ...(options.store ? { store: options.store } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.createLimitPerMinute ? { createLimitPerMinute: options.createLimitPerMinute } : {}),
    ...(options.embedScripts ? { embedScripts: options.embedScripts } : {}),
  });
  app.route('/sandbox', sandbox);
  app.route('/coinspaid', proxy);

  return {
    url,
    apiKey,
    apiSecret,
    tokenSecret,
    clock,
    sandbox,
    handled,
    mintToken: (claims = {}, expiresIn = '30m') =>
      createCheckoutToken(tokenSecret, { foreign_id: 'test-customer-1', ...claims }, { expiresIn }),
    control: (path, body, method = 'POST') =>
      fetch(`${url}/sandbox/control/${path.replace(/^\//, '')}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: () =>
      new Promise<void>((resolve) => {
        sandbox.dispose();
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
