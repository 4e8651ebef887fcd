import { Hono } from 'hono';
import * as v from 'valibot';
import type { InvoiceGrant } from '../../../core/wire.js';
import { invoiceSenderCurrency, invoiceTerms } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { showInvoice } from '../begin-checkout.js';
import { requireToken } from '../require-token.js';
import { currencyCode, jsonBody, parseOr400 } from '../validation.js';

const InvoiceBody = v.strictObject({ sender_currency: v.optional(currencyCode) });

/** Longer than an invoice lives (24 h once a payment is seen), so a checkout never gets a second one. */
const INVOICE_GRANT_TTL_MS = 25 * 60 * 60 * 1000;

/** `POST /invoices`: the invoice the token describes (invoices/create), once per checkout. */
export function invoiceRoutes(ctx: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  app.post('/invoices', requireToken(ctx), ctx.limit('invoices'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(InvoiceBody, await jsonBody(c));
    const { invoice, amount, amount_currency } = invoiceTerms(checkout);
    const senderCurrency = invoiceSenderCurrency(invoice, body.sender_currency);
    if (senderCurrency) await ctx.catalogue.payable(checkout, senderCurrency, 'sender_currency');
    // One invoice per checkout: a reload or a retry gets the same invoice instead of "foreign id already taken".
    const cacheKey = `invoice:${checkout.checkout_id}`;
    const existing = await ctx.store.get<InvoiceGrant['invoice']>(cacheKey);
    if (existing) return c.json({ invoice: existing, ...(await showInvoice(ctx, checkout, existing)) } satisfies InvoiceGrant, 200);
    const created = await ctx.client.createInvoice({
      timer: invoice.timer,
      title: invoice.title,
      ...(invoice.description ? { description: invoice.description } : {}),
      currency: amount_currency,
      ...(senderCurrency ? { sender_currency: senderCurrency } : {}),
      amount,
      foreign_id: checkout.foreign_id,
      url_success: invoice.url_success,
      url_failed: invoice.url_failed,
      email_user: invoice.email_user,
    });
    await ctx.store.set(cacheKey, created, INVOICE_GRANT_TTL_MS);
    return c.json({ invoice: created, ...(await showInvoice(ctx, checkout, created)) } satisfies InvoiceGrant, 201);
  });
  return app;
}
