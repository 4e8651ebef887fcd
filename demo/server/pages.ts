import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TERMINAL_BASE_URL } from '../../src/server/coinspaid/terminal-url.js';
import { escapeHtml } from '../../src/server/html.js';
import { StaticFiles } from '../../src/server/static-files.js';
import { createDemoApps, demoOrderId } from './apps.js';
import { DemoOrders } from './orders.js';

/**
 * The demo merchant pages served by `npm start` (demo/server/main.ts): static files from demo/ and the single-file element build from
 * dist/script/, under a strict Content-Security-Policy (no inline script or style) so the demo proves the widget works
 * on a locked-down checkout. Files come from an allow-list, never from a path in the URL.
 */

const root = new URL('../../', import.meta.url);

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/demo/demo.css': { file: 'demo/demo.css', type: 'text/css; charset=utf-8' },
  '/demo/sandbox-panel.js': { file: 'demo/sandbox-panel.js', type: 'text/javascript; charset=utf-8' },
  '/demo/payout-panel.js': { file: 'demo/payout-panel.js', type: 'text/javascript; charset=utf-8' },
  '/demo/iframe.js': { file: 'demo/iframe.js', type: 'text/javascript; charset=utf-8' },
  '/demo/orders-panel.js': { file: 'demo/orders-panel.js', type: 'text/javascript; charset=utf-8' },
  '/demo/terminal.js': { file: 'demo/terminal.js', type: 'text/javascript; charset=utf-8' },
};

/** The script build's files (entry, IIFE, lazily loaded chunks): plain names only, so no path can leave dist/script. */
const SCRIPT_FILE = /^\/assets\/([a-z0-9][\w-]*(?:\.iife)?(?:\.min)?\.js)$/i;

export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  `frame-src ${new URL(TERMINAL_BASE_URL).origin}`,
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface DemoOptions {
  /**
   * Mints a checkout token for an order, for one of the demo pages (sandbox mode only), asked for at `origin` (where
   * the page's return address points); `customer` (from `?customer=`) is the shop's customer, else one per order.
   */
  mintToken(orderId: string, page?: DemoPage, origin?: string, customer?: string): Promise<string>;
  /** What the demo shop's `onCallback` recorded per order, served at `GET /demo/orders/:order_id`. */
  orders?: DemoOrders;
  /**
   * The origin of the proxy's terminal links when it is not CoinsPaid's (sandbox mode: the sandbox's terminal page on
   * this server), which the /terminal page may frame.
   */
  terminalOrigin?: string;
}

/** A shop's customer or order id in a URL: short, plain characters (it ends up in a token and in the page). */
const DEMO_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The `?customer=` of a demo page: orders of one customer share its deposit address. */
function customerOf(query: string | undefined): string | undefined {
  if (query === undefined) return undefined;
  if (!DEMO_ID.test(query))
    throw new HTTPException(400, {
      res: Response.json({ errors: { customer: 'Use up to 64 letters, digits, - or _.' } }, { status: 400 }),
    });
  return query;
}

/** One demo page per mode of the element, and the deposit checkout again in an iframe. */
export type DemoPage = 'address' | 'invoice' | 'futures' | 'payout' | 'iframe' | 'terminal';

/** The iframe demo frames the proxy's /coinspaid/embed page, served from this same origin. */
const IFRAME_DEMO_CSP = DEMO_CSP.replace('frame-src ', "frame-src 'self' ");

const DEMO_PAGES: Record<string, { page: DemoPage; file: string; csp?: string }> = {
  '/': { page: 'address', file: 'demo/index.html' },
  '/invoice': { page: 'invoice', file: 'demo/invoice.html' },
  '/futures': { page: 'futures', file: 'demo/futures.html' },
  '/payout': { page: 'payout', file: 'demo/payout.html' },
  // The deposit checkout again, in an iframe through the parent helper (coinspaid-terminal/embed).
  '/iframe': { page: 'iframe', file: 'demo/iframe.html', csp: IFRAME_DEMO_CSP },
  // The Payment Terminal: a link to, or a frame of, the hosted page (its CSP: createDemoPages).
  '/terminal': { page: 'terminal', file: 'demo/terminal.html' },
};

/** The demo pages' navigation, one link per page, the current one marked for assistive technology too. */
const NAV: ReadonlyArray<[path: string, label: string]> = [
  ['/', 'Deposit address'],
  ['/invoice', 'Invoice'],
  ['/futures', 'Fixed rate'],
  ['/payout', 'Payout address'],
  ['/iframe', 'In an iframe'],
  ['/terminal', 'Payment Terminal'],
];

function demoNav(current: string, customer: string | undefined): string {
  // The customer goes along from page to page: their next order there uses the same address.
  const query = customer ? `?customer=${encodeURIComponent(customer)}` : '';
  const links = NAV.map(
    ([path, label]) => `<a href="${path}${query}"${path === current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`,
  );
  return `<nav class="modes" aria-label="Demo checkouts">${links.join(' ')}</nav>`;
}

export function createDemoPages({ mintToken, orders = new DemoOrders(), terminalOrigin }: DemoOptions): Hono {
  const demo = new Hono();
  // The terminal page frames the proxy's terminal links (with terminal-display="iframe"), wherever they point.
  const terminalCsp = terminalOrigin ? DEMO_CSP.replace('frame-src ', `frame-src ${terminalOrigin} `) : DEMO_CSP;

  for (const [path, { page, file, csp }] of Object.entries(DEMO_PAGES)) {
    demo.get(path, async (c) => {
      const customer = customerOf(c.req.query('customer'));
      const orderId = demoOrderId();
      const template = await readFile(fileURLToPath(new URL(file, root)), 'utf8');
      const html = template
        .replace('{{NAV}}', demoNav(path, customer))
        .replaceAll('{{ORDER_ID}}', escapeHtml(orderId))
        .replaceAll('{{TOKEN}}', escapeHtml(await mintToken(orderId, page, new URL(c.req.url).origin, customer)));
      c.header('Content-Security-Policy', page === 'terminal' ? terminalCsp : (csp ?? DEMO_CSP));
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    });
  }

  // A fresh order and its token, for pages that mint on the client (SPA demo); `?customer=` as for the pages.
  demo.post('/demo/token', async (c) => {
    const customer = customerOf(c.req.query('customer'));
    const orderId = demoOrderId();
    return c.json({ token: await mintToken(orderId, 'address', undefined, customer), order_id: orderId });
  });

  // What the demo shop's server was told about an order (its onCallback's records), for the pages' live panel.
  demo.get('/demo/orders/:order_id', (c) => {
    const orderId = c.req.param('order_id');
    if (!DEMO_ID.test(orderId)) return c.json({ errors: { order_id: 'Not an order id of this demo.' } }, 400);
    c.header('Cache-Control', 'no-store');
    return c.json(orders.get(orderId));
  });

  // The React SPA at /spa and the theming page at /themes.
  demo.route('/', createDemoApps({ csp: DEMO_CSP, mintToken: (orderId) => mintToken(orderId) }));

  // Compressed, the script build's hashed chunks immutable, the rest revalidated by ETag (src/server/static-files.ts).
  const files = new StaticFiles();
  demo.get('*', async (c, next) => {
    const script = SCRIPT_FILE.exec(c.req.path)?.[1];
    const entry =
      STATIC_FILES[c.req.path] ?? (script ? { file: `dist/script/${script}`, type: 'text/javascript; charset=utf-8' } : undefined);
    if (!entry) return next();
    const answer = await files.serve(c.req.raw, fileURLToPath(new URL(entry.file, root)), entry.type);
    return answer ?? c.json({ errors: { file: `${entry.file} is missing; run npm run build` } }, 404);
  });

  return demo;
}
