import { Hono } from 'hono';
import type { Clock } from '../core/clock.js';
import type { ServerConfig } from './config.js';
import { createSandbox } from './sandbox/index.js';

export interface ServerAppOptions {
  config: ServerConfig;
  /** Where this server itself is reachable from this process (loopback), e.g. `http://127.0.0.1:8787`. */
  selfUrl: string;
  clock?: Clock;
}

export interface ServerApp {
  app: Hono;
  dispose(): void;
}

/**
 * Composes what `npm start` serves on one port. In sandbox mode the embedded sandbox answers at /sandbox.
 */
export function createServerApp({ config, clock }: ServerAppOptions): ServerApp {
  const app = new Hono();
  const disposers: Array<() => void> = [];

  if (config.sandboxMode) {
    const sandbox = createSandbox({ apiKey: config.apiKey, apiSecret: config.apiSecret, ...(clock ? { clock } : {}) });
    disposers.push(() => sandbox.dispose());
    app.route('/sandbox', sandbox);
  }

  app.get('/', (c) =>
    c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>coinspaid-terminal</title></head><body>` +
        `<h1>coinspaid-terminal</h1><p>${config.sandboxMode ? 'The embedded CoinsPaid sandbox is up: API at <code>/sandbox/api/v2</code>, control API at <code>/sandbox/control</code>.' : 'Using the CoinsPaid API.'}</p></body></html>`,
    ),
  );
  app.notFound((c) => c.json({ errors: { path: 'Not found' } }, 404));
  return { app, dispose: () => disposers.forEach((dispose) => dispose()) };
}
