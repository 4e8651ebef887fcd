import { createHash } from 'node:crypto';
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
