import type { Hono } from 'hono';
import type { Clock } from '../../src/core/clock.js';
import { createServerApp } from '../../src/server/app.js';
import type { ServerConfig } from '../../src/server/config.js';
import { createCheckoutToken, type CheckoutClaimsInput } from '../../src/server/proxy/index.js';
import { createDemoPages, type DemoPage } from './pages.js';

export interface DemoServerOptions {
  config: ServerConfig;
  /** Where this server itself is reachable from this process (loopback), e.g. `http://127.0.0.1:8787`. */
  selfUrl: string;
  clock?: Clock;
}

/** What the demo merchant's backend puts in each demo page's checkout token. */
function demoClaims(orderId: string, page: DemoPage, port: number, origin: string): CheckoutClaimsInput {
  const customer = `demo-customer:${orderId}`;
  const price = { order_id: orderId, amount: '106.75', amount_currency: 'EUR' };
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
    case 'iframe':
      // The return address is the merchant's (src/server/proxy/checkout-rules.ts): the page that frames the checkout
      // may repeat it to the embed page, never choose it, so the token carries it.
      return { foreign_id: customer, convert_to: 'EUR', ...price, url_back: `${origin}/iframe?paid=1` };
    default:
      return { foreign_id: customer, convert_to: 'EUR', ...price };
  }
}

/**
 * What `npm start` serves on one port: the library's server app (the proxy at /coinspaid and, in sandbox mode, the
 * embedded sandbox at /sandbox) and the demo merchant's pages at /, which mint tokens for a made-up customer: only
 * ever against the sandbox, never with real credentials.
 */
export function createDemoServer({ config, selfUrl, clock }: DemoServerOptions): { app: Hono; dispose(): Promise<void> } {
  const server = createServerApp({
    config,
    selfUrl,
    ...(clock ? { clock } : {}),
    // Long enough to see "payment seen, waiting for confirmations", short enough to watch the demo confirm.
    sandbox: { confirmationDelayMs: 6_000 },
  });
  const { app } = server;
  if (config.sandboxMode) {
    app.route(
      '/',
      createDemoPages({
        mintToken: (orderId, page = 'address', origin = selfUrl) =>
          createCheckoutToken(config.tokenSecret, demoClaims(orderId, page, config.port, origin), { expiresIn: '2h' }),
      }),
    );
  } else {
    app.get('/', (c) => c.text('coinspaid-terminal proxy is running at /coinspaid. The demo checkout is available in sandbox mode only.'));
  }
  return { app, dispose: () => server.dispose() };
}
