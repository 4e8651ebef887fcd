import { createHash } from 'node:crypto';
import { base64urlnopad } from '@scure/base';
import * as v from 'valibot';
import { escapeHtml } from '../html.js';
import { currencyCode, decimalAmount, httpUrl } from './validation.js';

/**
 * The page `GET /embed` serves (routes/embed.ts): it hosts `<coinspaid-terminal>` for merchants who want it in an
 * iframe, and loads two scripts, the element's script build and the bridge that relays its events to the framing page
 * (see src/embed/).
 *
 * The page may be framed only by the allowed origins (CSP `frame-ancestors`), runs no inline script, writes every
 * parameter as an escaped attribute value, and tells the bridge the one origin it may talk to.
 */

export const EMBED_ELEMENT_SCRIPT = 'coinspaid-terminal.min.js';
export const EMBED_BRIDGE_SCRIPT = 'coinspaid-terminal-bridge.min.js';

/** The page's only style, allowed by its hash (no 'unsafe-inline'). */
const PAGE_STYLE = 'html,body{margin:0;padding:0;background:transparent}';
const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

const MODES = ['address', 'terminal', 'invoice', 'futures', 'payout-address'] as const;
const LANG_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$/i;

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
    lang: v.optional(v.pipe(v.string('must be a language tag'), v.regex(LANG_TAG, 'must be a language tag such as de or pt-BR'))),
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

/** The page's language: the `lang` parameter when it is a language tag, else English (also for a refused page). */
export function pageLang(lang: unknown): string {
  return typeof lang === 'string' && LANG_TAG.test(lang) ? lang : 'en';
}

/**
 * The page hosting the element. Its scripts load from `mount` (the proxy's mount point); the element talks to `proxy`,
 * which is the mount too, except on a refused page (refusalPage).
 */
export function embedPage(params: EmbedParams, mount: string, proxy = mount): string {
  const attributes = [`proxy="${escapeHtml(proxy)}"`, `token="${escapeHtml(params.token)}"`];
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

/**
 * Where a refused page's element sends its requests (routes/embed.ts answers every one with the refusal): under the
 * mount, naming the code and the field errors, so the element shows its own translated message for the code and its
 * `coinspaid-error` (relayed to the parent by the bridge) carries the fields, as for an expired token.
 */
export function refusalProxy(mount: string, code: string, errors: Record<string, string>): string {
  return `${mount}/embed/refused/${code}/${base64urlnopad.encode(new TextEncoder().encode(JSON.stringify(errors)))}`;
}

/** A refusal the element can show: the embed page with no attribute but the language, talking to refusalProxy. */
export function refusalPage(mount: string, parent: string, lang: string, code: string, errors: Record<string, string>): string {
  return embedPage({ token: 'refused', parent, lang }, mount, refusalProxy(mount, code, errors));
}

const PLAIN_STYLE = 'body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:40rem;color:#1a1d23}code{font-size:.9em}';
const PLAIN_STYLE_HASH = `'sha256-${createHash('sha256').update(PLAIN_STYLE).digest('base64')}'`;

/**
 * The page for a frame whose parent is not allowed (or not named): nothing may talk to that parent, so no element and
 * no script, only what a developer opening the URL needs to fix it. Framable only by the allowed origins (plainCsp).
 */
export function plainRefusalPage(code: string, errors: Record<string, string>): string {
  const fields = Object.entries(errors)
    .map(([field, message]) => `<dt><code>${escapeHtml(field)}</code></dt><dd>${escapeHtml(message)}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout not available</title>
<style>${PLAIN_STYLE}</style>
</head>
<body>
<h1>This checkout cannot be shown here</h1>
<p>The page that frames it must be one of the origins the proxy allows (<code>allowedOrigins</code>), named in the
<code>parent</code> parameter: <code>mountTerminalFrame</code> does both.</p>
<p>Code: <code id="code">${escapeHtml(code)}</code></p>
<dl>${fields}</dl>
</body>
</html>
`;
}

/** The plain page's policy: no script at all, its one style, framed only by `ancestors`. */
export function plainCsp(ancestors: readonly string[]): string {
  return [
    "default-src 'none'",
    `style-src ${PLAIN_STYLE_HASH}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.length ? ancestors.join(' ') : "'none'"}`,
  ].join('; ');
}
