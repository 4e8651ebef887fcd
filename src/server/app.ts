import { Hono } from 'hono';
import type { Clock } from '../core/clock.js';
import { CoinsPaidClient } from './coinspaid/index.js';
import type { ServerConfig } from './config.js';
import { createDemoPages, type DemoPage } from './demo.js';
import { createCheckoutToken, createTerminalProxy, type CheckoutClaimsInput } from './proxy/index.js';
import { createSandbox } from './sandbox/index.js';
import { MemoryStore, RedisStore, type ProxyStore } from './store/index.js';

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
 * Composes what `npm start` serves on one port: the proxy at /coinspaid, the demo at /, and in sandbox mode the
 * embedded sandbox at /sandbox. The proxy talks to the sandbox over loopback HTTP exactly as it would to CoinsPaid,
 * and the sandbox posts its callbacks to the proxy's /coinspaid/callback.
 */
/** What the demo merchant's backend puts in each demo page's checkout token. */
function demoClaims(orderId: string, page: DemoPage, port: number): CheckoutClaimsInput {
  const customer = `demo-customer:${orderId}`;
  const price = { amount: '106.75', amount_currency: 'EUR' };
  switch (page) {
    case 'invoice':
      return {
        foreign_id: `demo-invoice:${orderId}`,
        ...price,
        invoice: {
          title: `Northwind order #${orderId}`,
          description: 'Two coffees and a dripper, shipped by DHL',
          timer: true,
          sender_currency: 'BTC',
          url_success: `http://localhost:${port}/invoice?paid=1`,
          url_failed: `http://localhost:${port}/invoice?failed=1`,
          email_user: 'customer@example.com',
        },
      };
    case 'futures':
      return { foreign_id: customer, convert_to: 'EUR', currencies: ['BTC', 'LTC', 'ETH'] };
    case 'payout':
      return { foreign_id: customer };
    default:
      return { foreign_id: customer, convert_to: 'EUR', ...price };
  }
}

export function createServerApp({ config, selfUrl, clock }: ServerAppOptions): ServerApp {
  const app = new Hono();
  const disposers: Array<() => void> = [];

  if (config.sandboxMode) {
    const sandbox = createSandbox({
      apiKey: config.apiKey,
      apiSecret: config.apiSecret,
      callbackUrl: `${selfUrl}/coinspaid/callback`,
      // Long enough to see "payment seen, waiting for confirmations", short enough to watch the demo confirm.
      confirmationDelayMs: 6_000,
      ...(clock ? { clock } : {}),
    });
    disposers.push(() => sandbox.dispose());
    app.route('/sandbox', sandbox);
  }

  const client = new CoinsPaidClient({
    baseUrl: config.coinspaidApiUrl ?? `${selfUrl}/sandbox/api/v2`,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
  });
  // REDIS_URL: several instances share rates, de-duplication and payment events; otherwise this process's memory.
  const store: ProxyStore = config.redisUrl
    ? new RedisStore({ url: config.redisUrl, ...(clock ? { clock } : {}) })
    : new MemoryStore(clock ? { clock } : {});
  disposers.push(() => void store.close());
  const proxy = createTerminalProxy({
    store,
    client,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    tokenSecret: config.tokenSecret,
    allowedOrigins: config.allowedOrigins,
    terminalClientId: config.terminalClientId,
    ...(clock ? { clock } : {}),
  });
  app.route('/coinspaid', proxy);

  // The demo mints tokens for a made-up customer: only ever against the sandbox, never with real credentials.
  if (config.sandboxMode) {
    app.route(
      '/',
      createDemoPages({
        mintToken: (orderId, page = 'address') =>
          createCheckoutToken(config.tokenSecret, demoClaims(orderId, page, config.port), { expiresIn: '2h' }),
      }),
    );
  } else {
    app.get('/', (c) => c.text('coinspaid-terminal proxy is running at /coinspaid. The demo checkout is available in sandbox mode only.'));
  }

  app.notFound((c) => c.json({ errors: { path: 'Not found.' }, code: 'not_found' }, 404));
  return { app, dispose: () => disposers.forEach((dispose) => dispose()) };
}
