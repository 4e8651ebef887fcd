import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { assertPrice, boundConvertTo, boundUrlBack } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { embedCsp, embedPage, type EmbedParams, EmbedQuery } from '../embed-page.js';
import { ProxyError } from '../errors.js';
import type { VerifiedCheckout } from '../tokens.js';
import { parseOr400 } from '../validation.js';

/** Plain file names only (entry, bridge, lazily loaded chunks, their maps): no path can leave the script directory. */
const SCRIPT_FILE = /^[a-z0-9][\w-]*(?:\.min)?\.js(?:\.map)?$/i;
/** Vite's content-hashed chunk names (`invoice-_zCDANKn.js`): their content never changes under the same name. */
const HASHED_FILE = /-[\w-]{8}\.js(?:\.map)?$/;

/** Refuses a page the element would fail on anyway: attributes that contradict the token, by the API routes' rules. */
function checkAgainstToken(checkout: VerifiedCheckout, params: EmbedParams): void {
  boundConvertTo(checkout, params['convert-to'], 'convert-to');
  boundUrlBack(checkout, params['url-back'], 'url-back');
  assertPrice(checkout, params.amount, params['amount-currency']);
}

/**
 * `GET /embed`: the page hosting the element for an iframe (embed-page.ts), framed only by the allowed origins; and
 * `GET /embed/<file>`: the element's script build that page loads, from the configured directory.
 */
export function embedRoutes({ settings, verifyToken }: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  const allowed = new Set(settings.allowedOrigins);
  const csp = embedCsp(settings.allowedOrigins, new URL(settings.terminalBaseUrl).origin);
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; etag: string }>();

  app.get('/embed', async (c) => {
    const params = parseOr400(EmbedQuery, c.req.query());
    if (!allowed.has(params.parent))
      throw new ProxyError(400, 'origin_not_allowed', { parent: 'The parent must be one of the origins allowed to embed this checkout.' });
    try {
      checkAgainstToken(await verifyToken(params.token), params);
    } catch (error) {
      // An expired or invalid token still gets the page: the element meets the same 401 from the API, shows "this
      // checkout has expired" in the customer's language and the bridge relays coinspaid-error to the parent. A frame
      // of JSON helps nobody. Attributes that contradict a valid token stay refused.
      if (!(error instanceof ProxyError && error.status === 401)) throw error;
    }
    // The mount point as the browser sees it: `/coinspaid/embed` → `/coinspaid`.
    const mount = c.req.path.replace(/\/embed\/?$/, '');
    return c.html(embedPage(params, mount), 200, {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      // The URL carries the token: never send it on as a Referer (wallet links, CoinsPaid's pages).
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
  });

  app.get('/embed/:file', async (c) => {
    const name = c.req.param('file');
    if (!SCRIPT_FILE.test(name)) throw new ProxyError(404, 'not_found', { path: 'Not found.' });
    let file = files.get(name);
    if (!file) {
      let body: Uint8Array<ArrayBuffer>;
      try {
        body = new Uint8Array(await readFile(fileURLToPath(new URL(name, settings.embedScripts))));
      } catch {
        throw new ProxyError(404, 'not_found', { file: `${name} is not in the script build; run npm run build:script` });
      }
      file = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      files.set(name, file);
    }
    const headers = {
      'Content-Type': name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': HASHED_FILE.test(name) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      ETag: file.etag,
    };
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    return c.body(file.body, 200, headers);
  });

  return app;
}
