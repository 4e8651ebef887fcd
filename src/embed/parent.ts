/**
 * `coinspaid-terminal/embed`: puts the checkout in an iframe served by the proxy (`<proxy>/embed`) and brings its
 * events back to the merchant's page as the same `coinspaid-*` events the element fires, so a page written for the
 * element works with the iframe unchanged. No Lit, no element code: a few hundred bytes on the merchant's page.
 */
import type { TerminalDisplay, TerminalMode, TerminalTheme } from '../element/coinspaid-terminal.component.js';
import {
  isChildMessage,
  MAX_FRAME_HEIGHT,
  MESSAGE_SOURCE,
  type ParentMessage,
  type TerminalEventDetail,
  type TerminalEventName,
} from './protocol.js';

export { TERMINAL_EVENTS, type TerminalEventName, type TerminalEventDetail } from './protocol.js';

/**
 * What the iframe may do, and why; everything else a sandbox forbids stays forbidden (plugins, modals, downloads,
 * pointer lock, navigating the merchant's page without a click, …).
 * - `allow-scripts`: the checkout is a script.
 * - `allow-same-origin`: the frame keeps the proxy's origin, so it calls the proxy same-origin (its CSP says
 *   `connect-src 'self'`), and this helper can tell its messages apart by `event.origin`. On its own this flag lets a
 *   same-origin frame undo its sandbox; the proxy's page is the merchant's own code on the merchant's own server, so
 *   the sandbox is defence in depth here, not the boundary (that is the origin).
 * - `allow-popups`: CoinsPaid's hosted invoice page and terminal link open in a new tab (`target="_blank"`).
 * - `allow-popups-to-escape-sandbox`: those tabs are CoinsPaid's pages and must run as normal pages, not sandboxed.
 * - `allow-top-navigation-by-user-activation`: "Back to shop" and "Open in wallet" navigate the merchant's page
 *   (the embed page sets `<base target="_top">`), only when the customer clicks; never on the frame's own initiative.
 * - `allow-forms`, in `payout-address` mode only: its form must be submittable (a sandbox blocks submit events).
 */
const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation';

/** The element's attributes, as camelCase options (`convertTo` → `convert-to`). */
export interface TerminalFrameAttributes {
  mode?: TerminalMode;
  currency?: string;
  /** Allowed currencies, comma or space separated. */
  currencies?: string;
  convertTo?: string;
  amount?: string;
  amountCurrency?: string;
  /** "Back to the shop" (and where "Start again" goes): a relative URL resolves against this page, as the element's does. */
  urlBack?: string;
  terminalDisplay?: TerminalDisplay;
  theme?: TerminalTheme;
  /** The checkout's language (BCP 47), e.g. `de` or `pt-BR`; default the proxy page's (English). */
  lang?: string;
  /**
   * Invoice mode: when the invoice ends, this page goes to its url_success / url_failed. A cancelable
   * `coinspaid-redirect` is dispatched on the container first; `preventDefault()` keeps the page.
   */
  redirect?: boolean;
}

/** A relayed `coinspaid-*` event, typed by name: `if (event.type === 'coinspaid-paid') event.detail.payment`. */
export type TerminalFrameEvent = {
  [K in TerminalEventName]: CustomEvent<TerminalEventDetail<K>> & { readonly type: K };
}[TerminalEventName];

export interface TerminalFrameOptions extends TerminalFrameAttributes {
  /** The proxy's mount point, e.g. `https://pay.shop.example/coinspaid` (relative URLs resolve against the page). */
  proxy: string;
  /** The checkout token minted by the merchant's backend. */
  token: string;
  /** The only origin whose messages are read; default the proxy's origin (set it if `/embed` is served elsewhere). */
  allowedOrigin?: string;
  /** The iframe's accessible name; default "Crypto checkout". */
  title?: string;
  /** Called with each relayed event, after it was dispatched on the container. */
  onEvent?(event: TerminalFrameEvent): void;
  /** Called when the frame took the height of its content (CSS pixels). */
  onResize?(height: number): void;
}

export interface TerminalFrame {
  readonly iframe: HTMLIFrameElement;
  /** Removes the iframe and stops listening for its messages. Safe to call twice. */
  destroy(): void;
}

const QUERY: ReadonlyArray<[Exclude<keyof TerminalFrameAttributes, 'redirect'>, string]> = [
  ['mode', 'mode'],
  ['currency', 'currency'],
  ['currencies', 'currencies'],
  ['convertTo', 'convert-to'],
  ['amount', 'amount'],
  ['amountCurrency', 'amount-currency'],
  ['urlBack', 'url-back'],
  ['terminalDisplay', 'terminal-display'],
  ['theme', 'theme'],
  ['lang', 'lang'],
];

/** Goes to an invoice's result page or the shop's way back: an http(s) URL only, whatever a message claims. */
function navigateTo(url: unknown): void {
  if (typeof url !== 'string' || !URL.canParse(url)) return;
  const target = new URL(url);
  if (target.protocol === 'https:' || target.protocol === 'http:') window.location.assign(target.href);
}

/**
 * Mounts the checkout in an iframe inside `container`. Its `coinspaid-*` events are dispatched on `container`
 * (bubbling, so `document.addEventListener('coinspaid-paid', …)` works as with the element), and the iframe follows
 * the height of its content. Messages are read only from this iframe's window and from the proxy's origin. As with the
 * element, `coinspaid-restart` (the customer asks to start again once the time ran out) is cancelable: mint a new
 * token and mount again, or leave it and this page goes to `urlBack` (without one, loads again).
 *
 * ```js
 * const frame = mountTerminalFrame(document.querySelector('#pay'), { proxy: 'https://pay.shop.example/coinspaid', token });
 * ```
 */

export function mountTerminalFrame(container: HTMLElement, options: TerminalFrameOptions): TerminalFrame {
  const proxy = new URL(options.proxy.endsWith('/') ? options.proxy : `${options.proxy}/`, document.baseURI);
  if (proxy.protocol !== 'https:' && proxy.protocol !== 'http:')
    throw new TypeError('mountTerminalFrame: proxy must be an https: or http: URL');
  const src = new URL('embed', proxy);
  src.searchParams.set('token', options.token);
  for (const [option, name] of QUERY) {
    const value = options[option];
    // The frame is another page: the way back is resolved here, against the merchant's page, never dropped.
    if (value !== undefined && value !== '')
      src.searchParams.set(name, option === 'urlBack' ? new URL(value, document.baseURI).href : value);
  }
  if (options.redirect) src.searchParams.set('redirect', '1');
  src.searchParams.set('parent', location.origin);
  const origin = options.allowedOrigin ?? src.origin;

  const iframe = document.createElement('iframe');
  iframe.title = options.title ?? 'Crypto checkout';
  iframe.allow = 'clipboard-write';
  iframe.setAttribute('sandbox', options.mode === 'payout-address' ? `${SANDBOX} allow-forms` : SANDBOX);
  // CSSOM, not a style attribute: allowed under the merchant's own strict CSP.
  Object.assign(iframe.style, { display: 'block', width: '100%', border: '0', colorScheme: 'normal' });

  const onMessage = (event: MessageEvent): void => {
    // The window first: a message from any other frame or tab is not ours, whatever its origin.
    if (event.source !== iframe.contentWindow || event.origin !== origin || !isChildMessage(event.data)) return;
    const message = event.data;
    if (message.type === 'resize') {
      const height = Math.min(message.detail.height, MAX_FRAME_HEIGHT);
      iframe.style.height = `${height}px`;
      options.onResize?.(height);
      return;
    }
    const redirect = message.type === 'coinspaid-redirect';
    const restart = message.type === 'coinspaid-restart';
    const relayed = new CustomEvent(message.type, {
      bubbles: true,
      composed: true,
      cancelable: redirect || restart,
      detail: message.detail,
    }) as TerminalFrameEvent;
    const proceed = container.dispatchEvent(relayed);
    options.onEvent?.(relayed);
    if (redirect && proceed && options.redirect) navigateTo((message.detail as { url: unknown }).url);
    // "Start again" after expiry: unless this page mints a new token (preventDefault), back to the shop, as the element
    // itself would do; without a way back, this page again.
    if (restart && proceed) {
      const urlBack = (message.detail as { urlBack: unknown }).urlBack;
      if (urlBack) navigateTo(urlBack);
      else location.reload();
    }
  };
  // Ask for the height once loaded, in case the first report raced the listener (a reused, cached page).
  const onLoad = (): void => iframe.contentWindow?.postMessage({ source: MESSAGE_SOURCE, type: 'measure' } satisfies ParentMessage, origin);

  window.addEventListener('message', onMessage);
  iframe.addEventListener('load', onLoad);
  iframe.src = src.href;
  container.append(iframe);

  return {
    iframe,
    destroy() {
      window.removeEventListener('message', onMessage);
      iframe.removeEventListener('load', onLoad);
      iframe.remove();
    },
  };
}
