import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { StaticFiles } from '../../static-files.js';
import { assertPrice, boundConvertTo, boundUrlBack } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { embedCsp, embedPage, type EmbedParams, EmbedQuery } from '../embed-page.js';
import { ProxyError } from '../errors.js';
import type { VerifiedCheckout } from '../tokens.js';
import { parseOr400 } from '../validation.js';

/** Plain file names only (entry, bridge, lazily loaded chunks, their maps): no path can leave the script directory. */
const SCRIPT_FILE = /^[a-z0-9][\w-]*(?:\.min)?\.js(?:\.map)?$/i;

/** Refuses a page the element would fail on anyway: attributes that contradict the token, by the API routes' rules. */
function checkAgainstToken(checkout: VerifiedCheckout, params: EmbedParams): void {
  boundConvertTo(checkout, params['convert-to'], 'convert-to');
  boundUrlBack(checkout, params['url-back'], 'url-back');
  assertPrice(checkout, params.amount, params['amount-currency']);
}

/**
 * `GET /embed`: the page hosting the element for an iframe (embed-page.ts), framed only by the allowed origins; and
 * `GET /embed/<file>`: the element's script build that page loads, from the configured directory: compressed, the
 * content-hashed chunks immutable for a year, the entry and bridge revalidated (ETag, 304), see static-files.ts.
 */
export function embedRoutes({ settings, verifyToken }: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  const allowed = new Set(settings.allowedOrigins);
  const csp = embedCsp(settings.allowedOrigins, new URL(settings.terminalBaseUrl).origin);
  const files = new StaticFiles();

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
    const type = name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';
    const answer = await files.serve(c.req.raw, fileURLToPath(new URL(name, settings.embedScripts)), type);
    if (!answer) throw new ProxyError(404, 'not_found', { file: `${name} is not in the script build; run npm run build:script` });
    return answer;
  });

  return app;
}
