import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { escapeHtml } from '../../src/server/html.js';
import { StaticFiles } from '../../src/server/static-files.js';

/**
 * The demo pages beside the script-tag checkout, mounted by createDemoPages (demo/server/pages.ts), sandbox mode only:
 *   /spa      the React SPA (demo/spa/, built by `npm run build:spa` into demo/spa/dist/), which fetches its token from
 *             POST /demo/token and uses `coinspaid-terminal/react` as a merchant's app would;
 *   /themes   three merchant themes side by side (demo/themes.html + demo/themes.css), one live checkout each.
 * Same strict CSP as the other demo pages; files come from fixed names or plain file names, never from a path.
 */

const root = new URL('../../', import.meta.url);

/** Vite's hashed output: plain names only, so no path can leave demo/spa/dist/assets. */
const SPA_ASSET = /^\/spa\/assets\/([a-z0-9][\w-]*\.(js|css))$/i;
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** The three demo merchants of /themes, by their token placeholder in demo/themes.html. */
const THEME_SHOPS = ['BOUTIQUE', 'ARCADE', 'SIGNAL'] as const;

export interface DemoAppsOptions {
  /** The demo pages' Content-Security-Policy. */
  csp: string;
  /** Mints a checkout token for the demo customer of an order. */
  mintToken(orderId: string): Promise<string>;
}

/** Order numbers this process has handed out: an order id names a checkout, so a page never gets an older order's. */
const issued = new Set<string>();

/** A made-up order number for a demo page, new in this process (four digits while plenty are left, then more). */
export function demoOrderId(): string {
  const range = 9000 * 10 ** Math.floor(issued.size / 8000);
  let id: string;
  do id = String(1000 + Math.floor(Math.random() * range));
  while (issued.has(id));
  issued.add(id);
  return id;
}

async function read(file: string): Promise<Buffer | null> {
  try {
    return await readFile(fileURLToPath(new URL(file, root)));
  } catch {
    return null;
  }
}

const missing = (file: string, build: string) => ({ errors: { file: `${file} is missing; run ${build}` } });

export function createDemoApps({ csp, mintToken }: DemoAppsOptions): Hono {
  const pages = new Hono();
  // Compressed; Vite's hashed asset names immutable, the rest revalidated by ETag (src/server/static-files.ts).
  const files = new StaticFiles();

  pages.get('/spa', async (c) => {
    const html = await read('demo/spa/dist/index.html');
    if (!html) return c.json(missing('demo/spa/dist/index.html', 'npm run build:spa'), 404);
    c.header('Content-Security-Policy', csp);
    c.header('Cache-Control', 'no-cache');
    return c.html(html.toString('utf8'));
  });

  pages.get('/spa/assets/*', async (c, next) => {
    const match = SPA_ASSET.exec(c.req.path);
    if (!match) return next();
    const file = `demo/spa/dist/assets/${match[1]}`;
    const answer = await files.serve(c.req.raw, fileURLToPath(new URL(file, root)), TYPES[match[2]!.toLowerCase()]!);
    return answer ?? c.json(missing(file, 'npm run build:spa'), 404);
  });

  pages.get('/themes', async (c) => {
    const template = await read('demo/themes.html');
    if (!template) return c.json(missing('demo/themes.html', 'git checkout'), 404);
    let html = template.toString('utf8');
    for (const shop of THEME_SHOPS) {
      html = html.replaceAll(`{{TOKEN_${shop}}}`, escapeHtml(await mintToken(demoOrderId())));
    }
    c.header('Content-Security-Policy', csp);
    c.header('Cache-Control', 'no-store');
    return c.html(html);
  });

  pages.get(
    '/demo/themes.css',
    async (c) => (await files.serve(c.req.raw, fileURLToPath(new URL('demo/themes.css', root)), TYPES['css']!)) ?? c.notFound(),
  );

  return pages;
}
