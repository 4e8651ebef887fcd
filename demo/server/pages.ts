import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { TERMINAL_BASE_URL } from '../../src/server/coinspaid/terminal-url.js';
import { escapeHtml } from '../../src/server/html.js';
import { createDemoApps, demoOrderId } from './apps.js';

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
   * Mints a checkout token for the demo customer of an order, for one of the demo pages (sandbox mode only), asked for
   * at `origin` (where the page's return address points).
   */
  mintToken(orderId: string, page?: DemoPage, origin?: string): Promise<string>;
}

/** One demo page per mode of the element, and the deposit checkout again in an iframe. */
export type DemoPage = 'address' | 'invoice' | 'futures' | 'payout' | 'iframe';

/** The iframe demo frames the proxy's /coinspaid/embed page, served from this same origin. */
const IFRAME_DEMO_CSP = DEMO_CSP.replace('frame-src ', "frame-src 'self' ");

const DEMO_PAGES: Record<string, { page: DemoPage; file: string; csp?: string }> = {
  '/': { page: 'address', file: 'demo/index.html' },
  '/invoice': { page: 'invoice', file: 'demo/invoice.html' },
  '/futures': { page: 'futures', file: 'demo/futures.html' },
  '/payout': { page: 'payout', file: 'demo/payout.html' },
  // The deposit checkout again, in an iframe through the parent helper (coinspaid-terminal/embed).
  '/iframe': { page: 'iframe', file: 'demo/iframe.html', csp: IFRAME_DEMO_CSP },
};

/** The demo pages' navigation, one link per page, the current one marked for assistive technology too. */
const NAV: ReadonlyArray<[path: string, label: string]> = [
  ['/', 'Deposit address'],
  ['/invoice', 'Invoice'],
  ['/futures', 'Fixed rate'],
  ['/payout', 'Payout address'],
  ['/iframe', 'In an iframe'],
];

function demoNav(current: string): string {
  const links = NAV.map(([path, label]) => `<a href="${path}"${path === current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`);
  return `<nav class="modes" aria-label="Demo checkouts">${links.join(' ')}</nav>`;
}

export function createDemoPages({ mintToken }: DemoOptions): Hono {
  const demo = new Hono();

  for (const [path, { page, file, csp }] of Object.entries(DEMO_PAGES)) {
    demo.get(path, async (c) => {
      const orderId = demoOrderId();
      const template = await readFile(fileURLToPath(new URL(file, root)), 'utf8');
      const html = template
        .replace('{{NAV}}', demoNav(path))
        .replaceAll('{{ORDER_ID}}', escapeHtml(orderId))
        .replaceAll('{{TOKEN}}', escapeHtml(await mintToken(orderId, page, new URL(c.req.url).origin)));
      c.header('Content-Security-Policy', csp ?? DEMO_CSP);
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    });
  }

  // A fresh token for the demo customer, for pages that mint on the client (SPA demo). Sandbox mode only.
  demo.post('/demo/token', async (c) => c.json({ token: await mintToken(demoOrderId()) }));

  // The React SPA at /spa and the theming page at /themes.
  demo.route('/', createDemoApps({ csp: DEMO_CSP, mintToken: (orderId) => mintToken(orderId) }));

  demo.get('*', async (c, next) => {
    const script = SCRIPT_FILE.exec(c.req.path)?.[1];
    const entry =
      STATIC_FILES[c.req.path] ?? (script ? { file: `dist/script/${script}`, type: 'text/javascript; charset=utf-8' } : undefined);
    if (!entry) return next();
    try {
      const body = await readFile(fileURLToPath(new URL(entry.file, root)));
      return c.body(body, 200, { 'Content-Type': entry.type, 'Cache-Control': 'no-cache' });
    } catch {
      return c.json({ errors: { file: `${entry.file} is missing; run npm run build` } }, 404);
    }
  });

  return demo;
}
