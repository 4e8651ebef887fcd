import { Hono } from 'hono';
import type { Clock } from '../core/clock.js';
import { CoinsPaidClient } from './coinspaid/index.js';
import type { ServerConfig } from './config.js';
import { createTerminalProxy, type TerminalProxyOptions } from './proxy/index.js';
import { createSandbox, type SandboxApp, type SandboxOptions } from './sandbox/index.js';
import { MemoryStore, RedisStore, type ProxyStore } from './store/index.js';

/** What createServerApp reads of the configuration (readConfig's result has all of it). */
export type ServerAppConfig = Pick<
  ServerConfig,
  'coinspaidApiUrl' | 'apiKey' | 'apiSecret' | 'tokenSecret' | 'allowedOrigins' | 'terminalClientId' | 'redisUrl'
>;

/** Proxy options that come from the configuration or from createServerApp itself, so cannot be given again. */
type WiredProxyOption = 'client' | 'baseUrl' | 'apiKey' | 'apiSecret' | 'tokenSecret' | 'allowedOrigins' | 'terminalClientId' | 'clock';

export interface ServerAppOptions {
  config: ServerAppConfig;
  /** Where this server itself is reachable from this process (loopback), e.g. `http://127.0.0.1:8787`. */
  selfUrl: string;
  /** Where customers' browsers reach it (the sandbox's terminal links point there); default `selfUrl`. */
  publicUrl?: string;
  clock?: Clock;
  /** The rest of the proxy's options: the merchant's `onCallback`, limits, heartbeat, a store of your own. */
  proxy?: Omit<TerminalProxyOptions, WiredProxyOption>;
  /** The embedded sandbox's own options (sandbox mode only), e.g. `confirmationDelayMs`. */
  sandbox?: Omit<SandboxOptions, 'apiKey' | 'apiSecret' | 'callbackUrl' | 'clock'>;
  /** Per-request time limit of the CoinsPaid client; default 15 s. */
  clientTimeoutMs?: number;
  /** The CoinsPaid client's fetch (the service wraps it to count upstream calls); default the global fetch. */
  clientFetch?: typeof globalThis.fetch;
}

export interface ServerApp {
  /** Serve this: the proxy at /coinspaid and, in sandbox mode, the sandbox at /sandbox. */
  app: Hono;
  proxy: ReturnType<typeof createTerminalProxy>;
  /** The embedded sandbox in sandbox mode (COINSPAID_API_URL unset), else null. */
  sandbox: SandboxApp | null;
  client: CoinsPaidClient;
  store: ProxyStore;
  /** Stops the sandbox's timers and closes the store this made (a store passed in `proxy.store` stays open). */
  dispose(): Promise<void>;
}

/**
 * The proxy, its CoinsPaid client and store, and in sandbox mode (no `coinspaidApiUrl`) the embedded sandbox, wired
 * for one origin: the proxy at /coinspaid, the sandbox at /sandbox. The proxy reaches the sandbox over loopback HTTP
 * exactly as it would reach CoinsPaid, and the sandbox posts its callbacks to the proxy's /coinspaid/callback; so the
 * app must be served at `selfUrl` (bind the port first, then build). `npm start` adds the demo pages to this app.
 */
export function createServerApp({
  config,
  selfUrl,
  publicUrl = selfUrl,
  clock,
  proxy: proxyOptions = {},
  sandbox: sandboxOptions = {},
  clientTimeoutMs,
  clientFetch,
}: ServerAppOptions): ServerApp {
  const app = new Hono();
  const sandboxMode = config.coinspaidApiUrl === null;
  const sandbox = sandboxMode
    ? createSandbox({
        ...sandboxOptions,
        apiKey: config.apiKey,
        apiSecret: config.apiSecret,
        callbackUrl: `${selfUrl}/coinspaid/callback`,
        // Its Payment Terminal page takes the links the proxy signs, framed (is_iframe) by the shop's pages only.
        terminalClientId: config.terminalClientId,
        terminalFrameAncestors: config.allowedOrigins,
        ...(clock ? { clock } : {}),
      })
    : null;
  if (sandbox) app.route('/sandbox', sandbox);

  const client = new CoinsPaidClient({
    baseUrl: config.coinspaidApiUrl ?? `${selfUrl}/sandbox/api/v2`,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    ...(clientTimeoutMs !== undefined ? { timeoutMs: clientTimeoutMs } : {}),
    ...(clientFetch ? { fetch: clientFetch } : {}),
  });
  // REDIS_URL: several instances share rates, de-duplication and payment events; otherwise this process's memory.
  const ownStore = proxyOptions.store
    ? null
    : config.redisUrl
      ? new RedisStore({ url: config.redisUrl, ...(clock ? { clock } : {}) })
      : new MemoryStore(clock ? { clock } : {});
  const store: ProxyStore = proxyOptions.store ?? ownStore!;
  const proxy = createTerminalProxy({
    ...proxyOptions,
    store,
    client,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    tokenSecret: config.tokenSecret,
    allowedOrigins: config.allowedOrigins,
    terminalClientId: config.terminalClientId,
    // Offline, the proxy's terminal links open the sandbox's terminal page: the same code path as live.
    ...(sandboxMode && !proxyOptions.terminalBaseUrl ? { terminalBaseUrl: `${publicUrl}/sandbox/terminal/` } : {}),
    ...(clock ? { clock } : {}),
  });
  app.route('/coinspaid', proxy);
  app.notFound((c) => c.json({ errors: { path: 'Not found.' }, code: 'not_found' }, 404));

  return {
    app,
    proxy,
    sandbox,
    client,
    store,
    dispose: async () => {
      sandbox?.dispose();
      await ownStore?.close();
    },
  };
}
