import type { Hono } from 'hono';
import type { Sandbox } from './sandbox.js';
import type { InvoiceRecord } from './invoices.js';
import { escapeHtml } from '../html.js';

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

function utc(unixSeconds: number): string {
  return new Date(unixSeconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

export function renderInvoicePage(invoice: InvoiceRecord): string {
  const final = invoice.status === 'confirmed' || invoice.status === 'failed';
  const pay = invoice.sender_currency && invoice.sender_amount ? `${invoice.sender_amount} ${invoice.sender_currency}` : null;
  const rows: Array<[string, string]> = [
    ['Amount', `${invoice.amount} ${invoice.currency}`],
    ...(pay ? ([['Pay exactly', pay]] as Array<[string, string]>) : []),
    ...(invoice.address ? ([['To address', invoice.address]] as Array<[string, string]>) : []),
    ...(invoice.tag ? ([['Destination tag (required)', invoice.tag]] as Array<[string, string]>) : []),
    ...(final ? [] : ([['Pay before', utc(invoice.release_at)]] as Array<[string, string]>)),
  ];
  const back = invoice.status === 'confirmed' ? invoice.url_success : invoice.status === 'failed' ? invoice.url_failed : null;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${final ? '' : '<meta http-equiv="refresh" content="15">'}
<title>${escapeHtml(invoice.name)} — sandbox invoice</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .75rem;overflow-wrap:anywhere;font-family:ui-monospace,monospace}.note{color:#555;font-size:.875rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(invoice.name)}</h1>
${invoice.description ? `<p>${escapeHtml(invoice.description)}</p>` : ''}
<dl>
${rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}
</dl>
<p role="status" data-status="${escapeHtml(invoice.status)}"><strong>${escapeHtml(STATUS_TEXT[invoice.status])}</strong>${invoice.status === 'failed' && invoice.error ? ` ${escapeHtml(invoice.error)}` : ''}</p>
${back ? `<p><a href="${escapeHtml(back)}">Back to the shop</a></p>` : ''}
<p class="note">CoinsPaid sandbox: nothing here moves real funds. Play the customer with the control API
(POST control/invoices/${invoice.id}/pay).</p>
</main>
</body>
</html>
`;
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
