import type { Hono } from 'hono';
import type { Sandbox } from './sandbox.js';
import type { InvoiceRecord } from './invoices.js';
import { escapeHtml } from '../html.js';
import { detailList, hostedPage } from './hosted-page.js';

/**
 * The hosted invoice page behind the `url` invoices/create returns, so the link a merchant forwards is not dead in the
 * sandbox. Deliberately minimal and static: what to pay, where, until when, and the status; no script (a strict CSP),
 * every value escaped. It refreshes itself while the invoice can still change.
 */

const STATUS_TEXT: Record<InvoiceRecord['status'], string> = {
  created: 'Waiting for payment.',
  pending: 'Part of the amount has been received; waiting for the rest.',
  processing: 'Payment seen on the network; waiting for confirmations.',
  confirmed: 'Paid. Thank you.',
  failed: 'This invoice was not paid.',
};

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}' +
  'dd{margin:0 0 .75rem;overflow-wrap:anywhere;font-family:ui-monospace,monospace}.note{color:#555;font-size:.875rem}';

function utc(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

export function renderInvoicePage(invoice: InvoiceRecord): string {
  const final = invoice.status === 'confirmed' || invoice.status === 'failed';
  const pay = invoice.sender_currency && invoice.sender_amount ? `${invoice.sender_amount} ${invoice.sender_currency}` : null;
  const back = invoice.status === 'confirmed' ? invoice.url_success : invoice.status === 'failed' ? invoice.url_failed : null;
  const details = detailList([
    ['Amount', `${invoice.amount} ${invoice.currency}`],
    ['Pay exactly', pay],
    ['To address', invoice.address],
    ['Destination tag (required)', invoice.tag],
    ['Pay before', final ? null : utc(invoice.release_at)],
  ]);
  return hostedPage({
    title: `${invoice.name} — sandbox invoice`,
    style: STYLE,
    head: final ? '' : '<meta http-equiv="refresh" content="15">',
    body: `<h1>${escapeHtml(invoice.name)}</h1>
${invoice.description ? `<p>${escapeHtml(invoice.description)}</p>` : ''}
${details}
<p role="status" data-status="${escapeHtml(invoice.status)}"><strong>${escapeHtml(STATUS_TEXT[invoice.status])}</strong>${invoice.status === 'failed' && invoice.error ? ` ${escapeHtml(invoice.error)}` : ''}</p>
${back ? `<p><a href="${escapeHtml(back)}">Back to the shop</a></p>` : ''}
<p class="note">CoinsPaid sandbox: nothing here moves real funds. Play the customer with the control API
(POST control/invoices/${invoice.id}/pay).</p>`,
  });
}

/** GET /invoice/:code — the hosted page, or a 404 page. */
export function mountInvoicePage(app: Hono, s: Sandbox): void {
  app.get('/invoice/:code', (c) => {
    const headers = {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      'X-Content-Type-Options': 'nosniff',
    };
    const invoice = s.state.invoices.byCode(c.req.param('code'));
    if (!invoice)
      return c.html('<!doctype html><html lang="en"><title>Invoice not found</title><h1>Invoice not found</h1></html>', 404, headers);
    return c.html(renderInvoicePage(invoice), 200, headers);
  });
}
