import type { Context, Hono } from 'hono';
import QRCode from 'qrcode';
import type { TerminalParams } from '../../core/api-types.js';
import { terminalParamsErrors } from '../../core/terminal-params.js';
import { walletUri } from '../../core/wallet-uri.js';
import { decodeTerminalUrl } from '../coinspaid/terminal-url.js';
import { escapeHtml } from '../html.js';
import { detailList, hostedPage } from './hosted-page.js';
import { formatAmount } from './amounts.js';
import { convert, findCurrency, isExchangeable } from './catalogue.js';
import type { Sandbox } from './sandbox.js';

/**
 * The sandbox's Payment Terminal: what CoinsPaid's hosted page at terminal.coinspaid.com does, as far as the reference
 * and its public notes describe it, so that a link the proxy signs opens offline too. It takes
 * `?data=<base64 of the JSON parameters>&signature=<hex HMAC-SHA512 of that JSON>`, refuses a bad or missing
 * signature, an unknown client_id or invalid parameters with an error page (never a payment screen), and otherwise
 * shows the deposit address that addresses/take gives for the same foreign_id, currency and convert_to (so payments
 * made here reach the shop's checkout like any other), its tag, the amount (and what it converts to), a QR of the
 * wallet URI, the live status of payments to the address, and the way back to the shop.
 *
 *   GET /terminal/?data&signature          the page
 *   GET /terminal/status?data&signature    its payments as JSON, for the page's script
 *   GET /terminal/terminal.js              that script (no inline script: the page's CSP allows only 'self')
 */

export interface TerminalPageOptions {
  /** The merchant's Payment Terminal client_id; links for any other are refused. */
  clientId: number;
  /** Origins that may frame the page when a link says `is_iframe: true`; none by default. */
  frameAncestors: readonly string[];
}

class TerminalLinkError extends Error {
  constructor(
    readonly status: 400 | 403,
    readonly heading: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Compact: framed (is_iframe) in a shop's checkout, the status and the way back show without scrolling. */
const STYLE =
  'body{font:15px/1.4 system-ui,sans-serif;max-width:28rem;margin:1rem auto;padding:0 1rem;color:#1a1d23}' +
  'h1{font-size:1.375rem;margin:0 0 .5rem}p{margin:.5rem 0}' +
  'dt{font-weight:600;font-size:.8125rem}dd{margin:0 0 .5rem;overflow-wrap:anywhere;font-family:ui-monospace,monospace}' +
  '.qr{width:180px;height:180px;background:#fff}.warn{background:#fff4d6;padding:.5rem .75rem;border-radius:6px}' +
  '#status{font-weight:600}#status[data-status=confirmed]{color:#1b7432}.note{color:#555;font-size:.8125rem}';

/** The link's parameters, checked: a signed link this merchant made, for a currency the sandbox has. */
function readLink(c: Context, s: Sandbox, options: TerminalPageOptions): TerminalParams {
  const data = c.req.query('data');
  const signature = c.req.query('signature');
  if (!data || !signature)
    throw new TerminalLinkError(
      400,
      'This payment link is incomplete',
      'A payment link carries data and a signature; this one lacks one of them.',
    );
  let decoded: ReturnType<typeof decodeTerminalUrl>;
  try {
    decoded = decodeTerminalUrl(c.req.url, s.apiSecret);
  } catch {
    throw new TerminalLinkError(400, 'This payment link is damaged', 'Its data is not base64-encoded JSON.');
  }
  if (!decoded.signatureValid)
    throw new TerminalLinkError(
      403,
      'This payment link is not valid',
      'Its signature does not match its data: it was changed after the shop made it.',
    );
  const params = decoded.params as unknown as Record<string, unknown>;
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new TerminalLinkError(400, 'This payment link is damaged', 'Its data is not a JSON object.');
  const errors = terminalParamsErrors(params);
  if (Object.keys(errors).length) throw new TerminalLinkError(400, 'This payment link is not valid', Object.values(errors).join(' '));
  const link = decoded.params;
  if (link.client_id !== options.clientId)
    throw new TerminalLinkError(
      403,
      'This payment link is not valid',
      `It names a merchant (client_id ${link.client_id}) this terminal does not know.`,
    );
  const currency = findCurrency(link.currency);
  if (!currency || currency.type !== 'crypto')
    throw new TerminalLinkError(400, 'This payment link is not valid', `${link.currency} cannot be paid here.`);
  if (link.convert_to && !isExchangeable(link.currency, link.convert_to))
    throw new TerminalLinkError(400, 'This payment link is not valid', `${link.currency} cannot be converted to ${link.convert_to}.`);
  return link;
}

function qrSvg(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const size = modules.size + quiet * 2;
  let d = '';
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`;
  return `<svg class="qr" viewBox="0 0 ${size} ${size}" role="img" aria-label="QR code of the payment"><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

function page(title: string, body: string, script = false): string {
  return hostedPage({
    title: `${title} — sandbox Payment Terminal`,
    style: STYLE,
    head: script ? '<script src="terminal.js" defer></script>' : '',
    body: `${body}\n<p class="note">CoinsPaid sandbox: nothing here moves real funds.</p>`,
  });
}

function headers(frameAncestors: readonly string[] | null): Record<string, string> {
  const ancestors = frameAncestors?.length ? frameAncestors.join(' ') : "'none'";
  return {
    'Content-Security-Policy': `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
    ...(frameAncestors?.length ? {} : { 'X-Frame-Options': 'DENY' }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

type PaymentStatus = 'waiting' | 'not_confirmed' | 'confirmed' | 'cancelled';

/** The status line's words, the same in the page as served and as its script updates it. */
const STATUS_TEXT: Record<PaymentStatus, string> = {
  waiting: 'Waiting for your payment…',
  not_confirmed: 'Payment seen on the network; waiting for confirmations…',
  confirmed: 'Payment received. Thank you.',
  cancelled: 'The payment was cancelled by the network (a double spend). You can send it again.',
};

/** The script that follows the payments: polls /status and updates the status line. No data in it: it reads the URL. */
const STATUS_SCRIPT = `(() => {
  const status = document.getElementById('status');
  const url = 'status' + location.search;
  const text = ${JSON.stringify(STATUS_TEXT)};
  async function poll() {
    try {
      const answer = await (await fetch(url, { cache: 'no-store' })).json();
      status.textContent = text[answer.status] || text.waiting;
      status.dataset.status = answer.status;
      if (answer.status === 'confirmed') return;
    } catch {}
    setTimeout(poll, 2000);
  }
  poll();
})();
`;

/** Where the address's payments stand: the latest one's status (a confirmed one wins). */
function paymentStatus(
  s: Sandbox,
  address: string,
): { status: PaymentStatus; payments: ReturnType<Sandbox['state']['deposits']['forAddress']> } {
  const payments = s.state.deposits.forAddress(address);
  const seen = payments.filter((p) => p.status !== 'scheduled');
  const status: PaymentStatus = seen.some((p) => p.status === 'confirmed')
    ? 'confirmed'
    : seen.at(-1)?.status === 'not_confirmed'
      ? 'not_confirmed'
      : seen.at(-1)?.status === 'cancelled'
        ? 'cancelled'
        : 'waiting';
  return { status, payments };
}

export function mountTerminalPage(app: Hono, s: Sandbox, options: TerminalPageOptions): void {
  const fail = (c: Context, error: unknown) => {
    if (!(error instanceof TerminalLinkError)) throw error;
    const body = `<h1>${escapeHtml(error.heading)}</h1><p role="alert">${escapeHtml(error.detail)}</p><p>Go back to the shop and start the payment again.</p>`;
    return c.html(page(error.heading, body), error.status, headers(null));
  };

  app.get('/terminal/terminal.js', (c) =>
    c.body(STATUS_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }),
  );

  app.get('/terminal/status', (c) => {
    try {
      const link = readLink(c, s, options);
      const address = s.state.addresses.take(String(link.foreign_id), link.currency, link.convert_to ?? null);
      const { status, payments } = paymentStatus(s, address.address);
      c.header('Cache-Control', 'no-store');
      return c.json({ address: address.address, currency: address.currency, status, payments });
    } catch (error) {
      if (error instanceof TerminalLinkError) return c.json({ errors: { link: error.detail } }, error.status);
      throw error;
    }
  });

  app.get('/terminal/', (c) => {
    let link: TerminalParams;
    try {
      link = readLink(c, s, options);
    } catch (error) {
      return fail(c, error);
    }
    const currency = findCurrency(link.currency)!;
    const address = s.state.addresses.take(String(link.foreign_id), link.currency, link.convert_to ?? null);
    const amount = link.amount ? formatAmount(link.amount, link.currency) : null;
    const converted =
      amount && link.convert_to
        ? `${formatAmount(convert(amount, link.currency, link.convert_to, s.state.account.price(link.currency, link.convert_to).price), link.convert_to)} ${link.convert_to}`
        : null;
    const uri = walletUri({ currency: link.currency, address: address.address, amount, tag: address.tag });
    const { status } = paymentStatus(s, address.address);
    const details = detailList([
      ['Currency', `${currency.currency}${currency.network ? ` (${currency.network})` : ''}`],
      ['Amount', amount ? `${amount} ${link.currency}` : null],
      ['The shop receives about', converted],
      ['To address', address.address],
      ['Destination tag (required)', address.tag],
    ]);
    // Where the payment stands first, then where to pay, then the way back.
    const body = `<h1>Pay with ${escapeHtml(currency.currency)}</h1>
<p id="status" role="status" data-status="${status}">${escapeHtml(STATUS_TEXT[status])}</p>
${qrSvg(uri.qr)}
${details}
${address.tag ? '<p class="warn">Send the destination tag with your payment: a payment without it cannot be credited.</p>' : ''}
${uri.openable ? `<p><a href="${escapeHtml(uri.uri)}">Open in wallet</a></p>` : ''}
${link.url_back ? `<p><a href="${escapeHtml(link.url_back)}" target="_top">Back to the shop</a></p>` : ''}`;
    return c.html(page(`Pay with ${currency.currency}`, body, true), 200, headers(link.is_iframe ? options.frameAncestors : null));
  });
}
