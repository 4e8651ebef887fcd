import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { ProxyError } from './errors.js';
import type { VerifiedCheckout } from './tokens.js';
import { escapeHtml } from '../html.js';

export { escapeHtml };
import { currencyCode, decimalAmount, httpUrl, parseOr400 } from './validation.js';

/**
 * `GET /embed`: a page that hosts `<coinspaid-terminal>` for merchants who want it in an iframe, and the two scripts it
 * loads (the element's script build and the bridge that relays its events to the framing page; see src/embed/).
 *
 * The page may be framed only by the allowed origins (CSP `frame-ancestors`), runs no inline script, writes every
 * parameter as an escaped attribute value, and tells the bridge the one origin it may talk to.
 */

/** The package's own script build: dist/script/ beside dist/server/ (this file is src|dist/server/proxy/embed). */
export const DEFAULT_SCRIPT_DIR = new URL('../../../dist/script/', import.meta.url);

export const EMBED_ELEMENT_SCRIPT = 'coinspaid-terminal.min.js';
export const EMBED_BRIDGE_SCRIPT = 'coinspaid-terminal-bridge.min.js';

/** Plain file names only (entry, bridge, lazily loaded chunks, their maps): no path can leave the script directory. */
const SCRIPT_FILE = /^[a-z0-9][\w-]*(?:\.min)?\.js(?:\.map)?$/i;
/** Vite's content-hashed chunk names (`invoice-_zCDANKn.js`): their content never changes under the same name. */
const HASHED_FILE = /-[\w-]{8}\.js(?:\.map)?$/;

/** The page's only style, allowed by its hash (no 'unsafe-inline'). */
const PAGE_STYLE = 'html,body{margin:0;padding:0;background:transparent}';
const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

const MODES = ['address', 'terminal', 'invoice', 'futures', 'payout-address'] as const;

/** The element's attributes (kebab-case, as in HTML) plus the token and the framing page's origin. */
export const EmbedQuery = v.pipe(
  v.strictObject({
    token: v.pipe(v.string('must be a checkout token'), v.minLength(1, 'is required'), v.maxLength(4096, 'is too long')),
    parent: v.pipe(v.string('must be an origin'), v.maxLength(2048, 'is too long')),
    mode: v.optional(v.picklist(MODES, `must be one of ${MODES.join(', ')}`)),
    currency: v.optional(currencyCode),
    currencies: v.optional(
      v.pipe(
        v.string('must be a list of currency codes'),
        v.maxLength(600, 'is too long'),
        v.regex(/^[A-Z0-9]{2,12}(?:[ ,]+[A-Z0-9]{2,12})*$/, 'must be currency codes separated by commas'),
      ),
    ),
    amount: v.optional(decimalAmount),
    'amount-currency': v.optional(currencyCode),
    'convert-to': v.optional(currencyCode),
    'url-back': v.optional(httpUrl),
    'terminal-display': v.optional(v.picklist(['link', 'iframe'], 'must be link or iframe')),
    theme: v.optional(v.picklist(['auto', 'light', 'dark'], 'must be auto, light or dark')),
    // Invoice mode: the frame asks the merchant's page to go to url_success / url_failed (the frame never navigates).
    redirect: v.optional(v.literal('1', 'must be 1 or absent')),
    lang: v.optional(
      v.pipe(
        v.string('must be a language tag'),
        v.regex(/^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$/i, 'must be a language tag such as de or pt-BR'),
      ),
    ),
  }),
  v.forward(
    v.check((q) => (q.amount === undefined) === (q['amount-currency'] === undefined), 'and amount-currency go together'),
    ['amount'],
  ),
);
export type EmbedParams = v.InferOutput<typeof EmbedQuery>;

/** The element's attributes in the order written, from the validated query. */
const ATTRIBUTES = [
  'mode',
  'currency',
  'currencies',
  'amount',
  'amount-currency',
  'convert-to',
  'url-back',
  'terminal-display',
  'theme',
] as const;

export interface EmbedOptions {
  /** Exact origins allowed to frame the page (the proxy's allow-list). */
  allowedOrigins: readonly string[];
  /** Where the element's script build is (a directory, with a trailing slash as a URL). */
  scriptDir: URL;
  /** Origin of CoinsPaid's hosted terminal, which `terminal-display="iframe"` frames. */
  terminalOrigin: string;
  verifyToken(token: string): Promise<VerifiedCheckout>;
}

function forbidden(field: string, message: string): ProxyError {
  return new ProxyError(403, 'forbidden_by_token', { [field]: message });
}

/** Refuses a page the element would fail on anyway: attributes that contradict the token (as the API routes do). */
function checkAgainstToken(checkout: VerifiedCheckout, params: EmbedParams): void {
  const convertTo = params['convert-to'];
  if (convertTo !== undefined && convertTo !== checkout.convert_to) {
    throw forbidden(
      'convert-to',
      checkout.convert_to ? `This checkout settles in ${checkout.convert_to}.` : 'This checkout does not convert payments.',
    );
  }
  const urlBack = params['url-back'];
  if (urlBack !== undefined && checkout.url_back !== undefined && urlBack !== checkout.url_back)
    throw forbidden('url-back', 'The return address is set by the merchant.');
  if (
    params.amount !== undefined &&
    checkout.amount !== undefined &&
    (params.amount !== checkout.amount || params['amount-currency'] !== checkout.amount_currency)
  ) {
    throw forbidden('amount', `This checkout is for ${checkout.amount} ${checkout.amount_currency}.`);
  }
}

export function embedPage(params: EmbedParams, mount: string): string {
  const attributes = [`proxy="${escapeHtml(mount)}"`, `token="${escapeHtml(params.token)}"`];
  for (const name of ATTRIBUTES) {
    const value = params[name];
    if (value !== undefined) attributes.push(`${name}="${escapeHtml(value)}"`);
  }
  if (params.redirect) attributes.push('redirect');
  const lang = escapeHtml(params.lang ?? 'en');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="coinspaid-parent-origin" content="${escapeHtml(params.parent)}">
<title>Crypto checkout</title>
<base target="_top">
<style>${PAGE_STYLE}</style>
<script type="module" src="${escapeHtml(mount)}/embed/${EMBED_BRIDGE_SCRIPT}"></script>
<script type="module" src="${escapeHtml(mount)}/embed/${EMBED_ELEMENT_SCRIPT}"></script>
</head>
<body>
<coinspaid-terminal ${attributes.join(' ')}></coinspaid-terminal>
</body>
</html>
`;
}

/** The page's policy: framed only by `ancestors`, scripts only from the proxy, no inline script, no plugins. */
export function embedCsp(ancestors: readonly string[], terminalOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${PAGE_STYLE_HASH}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${terminalOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.length ? ancestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** Adds `GET /embed` and `GET /embed/<script>` to the proxy app (before its catch-all). */
export function addEmbedRoutes<E extends { Variables: object }>(app: Hono<E>, options: EmbedOptions): void {
  const allowed = new Set(options.allowedOrigins);
  const csp = embedCsp(options.allowedOrigins, options.terminalOrigin);
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; etag: string }>();

  app.get('/embed', async (c) => {
    const params = parseOr400(EmbedQuery, c.req.query());
    if (!allowed.has(params.parent))
      throw new ProxyError(400, 'origin_not_allowed', { parent: 'The parent must be one of the origins allowed to embed this checkout.' });
    try {
      checkAgainstToken(await options.verifyToken(params.token), params);
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

  const serveScript: MiddlewareHandler<E> = async (c: Context<E>) => {
    const name = c.req.param('file') ?? '';
    if (!SCRIPT_FILE.test(name)) throw new ProxyError(404, 'not_found', { path: 'Not found.' });
    let file = files.get(name);
    if (!file) {
      let body: Uint8Array<ArrayBuffer>;
      try {
        body = new Uint8Array(await readFile(fileURLToPath(new URL(name, options.scriptDir))));
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
  };
  app.get('/embed/:file', serveScript);
}
