import { fileURLToPath } from 'node:url';
import { base64urlnopad } from '@scure/base';
import { Hono } from 'hono';
import { StaticFiles } from '../../static-files.js';
import * as v from 'valibot';
import { assertPrice, boundConvertTo, boundUrlBack } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { embedCsp, embedPage, type EmbedParams, EmbedQuery, pageLang, plainCsp, plainRefusalPage, refusalPage } from '../embed-page.js';
import { ProxyError } from '../errors.js';
import type { VerifiedCheckout } from '../tokens.js';
import { fieldErrors } from '../validation.js';

/** Plain file names only (entry, bridge, lazily loaded chunks, their maps): no path can leave the script directory. */
const SCRIPT_FILE = /^[a-z0-9][\w-]*(?:\.min)?\.js(?:\.map)?$/i;

/** The refusals a page can show, with the status its element meets (the API routes' own for the same code). */
const REFUSAL_STATUS = { validation: 400, token_missing: 401, forbidden_by_token: 403 } as const;
type RefusalCode = keyof typeof REFUSAL_STATUS;
type RefusalStatus = (typeof REFUSAL_STATUS)[RefusalCode];
const REFUSALS: ReadonlySet<string> = new Set(Object.keys(REFUSAL_STATUS));

/** The field errors a refused page names in its element's proxy URL: a few short strings, anything else dropped. */
const RefusalErrors = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), v.pipe(v.string(), v.maxLength(500))),
  v.check((errors) => Object.keys(errors).length <= 20),
);
function decodeErrors(encoded: string): Record<string, string> {
  try {
    const result = v.safeParse(RefusalErrors, JSON.parse(new TextDecoder().decode(base64urlnopad.decode(encoded))));
    return result.success ? result.output : {};
  } catch {
    return {};
  }
}

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
 *
 * Whatever is wrong with a request for the page, the answer is a page (with the 4xx status): for an allowed parent the
 * element's own error state in the customer's language, whose `coinspaid-error` the bridge relays to the parent; for
 * a parent that is not allowed (or not named) a plain page it cannot frame.
 */
export function embedRoutes({ settings, verifyToken }: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  const allowed = new Set(settings.allowedOrigins);
  const csp = embedCsp(settings.allowedOrigins, new URL(settings.terminalBaseUrl).origin);
  const plainPolicy = plainCsp(settings.allowedOrigins);
  const files = new StaticFiles();

  const pageHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // The URL carries the token: never send it on as a Referer (wallet links, CoinsPaid's pages).
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };

  app.get('/embed', async (c) => {
    const query = c.req.query();
    // The mount point as the browser sees it: `/coinspaid/embed` → `/coinspaid`.
    const mount = c.req.path.replace(/\/embed\/?$/, '');
    const parsed = v.safeParse(EmbedQuery, query);
    const errors = parsed.success ? {} : fieldErrors(parsed.issues);
    const parent = query['parent'];

    // Every refusal is a page, never JSON in the customer's frame. Only an allowed parent may be told (and frame it).
    if (parent === undefined || !allowed.has(parent)) {
      const named = parent !== undefined && !errors['parent'];
      if (named) errors['parent'] = 'The parent must be one of the origins allowed to embed this checkout.';
      return c.html(plainRefusalPage(named ? 'origin_not_allowed' : 'validation', errors), 400, {
        ...pageHeaders,
        'Content-Security-Policy': plainPolicy,
      });
    }
    const refuse = (status: RefusalStatus, code: RefusalCode, fields: Record<string, string>) =>
      c.html(refusalPage(mount, parent, pageLang(query['lang']), code, fields), status, pageHeaders);
    if (!parsed.success) {
      const onlyToken = !query['token'] && Object.keys(errors).length === 1 && errors['token'] !== undefined;
      return onlyToken ? refuse(401, 'token_missing', errors) : refuse(400, 'validation', errors);
    }
    const params = parsed.output;
    try {
      checkAgainstToken(await verifyToken(params.token), params);
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      // An expired or invalid token still gets the page itself: the element meets the same 401 from the API and shows
      // "this checkout has expired" in the customer's language. Attributes that contradict a valid token are refused.
      if (error.status !== 401) {
        const code = REFUSALS.has(error.code) ? (error.code as RefusalCode) : 'validation';
        return refuse(REFUSAL_STATUS[code], code, error.errors);
      }
    }
    return c.html(embedPage(params, mount), 200, pageHeaders);
  });

  // A refused page's element asks here (embed-page.ts, refusalProxy) and meets the refusal, as an API route would answer.
  app.all('/embed/refused/:code/:errors/*', (c) => {
    const code = c.req.param('code');
    if (!REFUSALS.has(code)) throw new ProxyError(404, 'not_found', { path: 'Not found.' });
    return c.json({ errors: decodeErrors(c.req.param('errors')), code }, REFUSAL_STATUS[code as RefusalCode]);
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
