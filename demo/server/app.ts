import type { Hono } from 'hono';
import type { Clock } from '../../src/core/clock.js';
import { createServerApp } from '../../src/server/app.js';
import type { ServerConfig } from '../../src/server/config.js';
import { createCheckoutToken, type CheckoutClaimsInput } from '../../src/server/proxy/index.js';
import { DemoOrders } from './orders.js';
import { createDemoPages, type DemoPage } from './pages.js';

export interface DemoServerOptions {
  config: ServerConfig;
  /** Where this server itself is reachable from this process (loopback), e.g. `http://127.0.0.1:8787`. */
  selfUrl: string;
  clock?: Clock;
}

/**
 * What the demo merchant's backend puts in each demo page's checkout token: the order (a fresh one per page load) and
 * its customer. A customer of their own per order by default; `?customer=<id>` makes orders share one, and so their
 * deposit address (CoinsPaid's address per foreign_id), as a shop that keys addresses per customer would.
 */
function demoClaims(orderId: string, page: DemoPage, port: number, origin: string, customerId?: string): CheckoutClaimsInput {
  const customer = `demo-customer:${customerId ?? orderId}`;
  const price = { amount: '106.75', amount_currency: 'EUR', order_id: orderId };
  switch (page) {
    case 'invoice':
      return {
        // An invoice has an address of its own whoever pays it.
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
      // The customer picks the amount from CoinsPaid's fixed rates: an order without a price in the token.
      return { foreign_id: customer, order_id: orderId, convert_to: 'EUR', currencies: ['BTC', 'LTC', 'ETH'] };
    case 'payout':
      return { foreign_id: customer };
    case 'iframe':
      // The return address is the merchant's (src/server/proxy/checkout-rules.ts): the page that frames the checkout
      // may repeat it to the embed page, never choose it, so the token carries it.
      return { foreign_id: customer, convert_to: 'EUR', ...price, url_back: `${origin}/iframe?paid=1` };
    case 'terminal':
      // The Payment Terminal's "Back to the shop" (and the receipt's) return to the shop's page, naming the order: the
      // page then says what the shop's server was told about it.
      return { foreign_id: customer, convert_to: 'EUR', ...price, url_back: `${origin}/terminal?back=${orderId}` };
    default:
      return { foreign_id: customer, convert_to: 'EUR', ...price };
  }
}

/**
 * What `npm start` serves on one port: the library's server app (the proxy at /coinspaid and, in sandbox mode, the
 * embedded sandbox at /sandbox) and the demo merchant's pages at /, which mint tokens for a made-up customer: only
 * ever against the sandbox, never with real credentials. The demo shop's `onCallback` records what it is told per
 * order (demo/server/orders.ts), which the pages show beside the widget.
 */
export function createDemoServer({ config, selfUrl, clock }: DemoServerOptions): { app: Hono; dispose(): Promise<void> } {
  const orders = new DemoOrders();
  const server = createServerApp({
    config,
    selfUrl,
    ...(clock ? { clock } : {}),
    proxy: { onCallback: orders.onCallback },
    // Long enough to see "payment seen, waiting for confirmations", short enough to watch the demo confirm.
    sandbox: { confirmationDelayMs: 6_000 },
  });
  const { app } = server;
  if (config.sandboxMode) {
    app.route(
      '/',
      createDemoPages({
        orders,
        // Offline, the proxy's terminal links open the sandbox's terminal page on this server (createServerApp).
        terminalOrigin: new URL(selfUrl).origin,
        mintToken: (orderId, page = 'address', origin = selfUrl, customer) =>
          createCheckoutToken(config.tokenSecret, demoClaims(orderId, page, config.port, origin, customer), { expiresIn: '2h' }),
      }),
    );
  } else {
    app.get('/', (c) => c.text('coinspaid-terminal proxy is running at /coinspaid. The demo checkout is available in sandbox mode only.'));
  }
  return { app, dispose: () => server.dispose() };
}
