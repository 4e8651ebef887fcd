import { Hono } from 'hono';
import * as v from 'valibot';
import type { TerminalUrlGrant } from '../../../core/wire.js';
import { buildTerminalUrl } from '../../coinspaid/terminal-url.js';
import { cryptoForFiat } from '../../../core/amount.js';
import { showAddress } from '../begin-checkout.js';
import { boundConvertTo, boundUrlBack, terminalAmount } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { requireToken } from '../require-token.js';
import { currencyCode, decimalAmount, httpUrl, jsonBody, parseOr400 } from '../validation.js';

const TerminalBody = v.strictObject({
  currency: currencyCode,
  amount: v.optional(decimalAmount),
  convert_to: v.optional(currencyCode),
  is_iframe: v.optional(v.boolean('must be true or false')),
  url_back: v.optional(httpUrl),
});

/** `POST /terminal-url`: a signed link to CoinsPaid's hosted Payment Terminal for this checkout. */
export function terminalRoutes(ctx: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  app.post('/terminal-url', requireToken(ctx), ctx.limit('terminal'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(TerminalBody, await jsonBody(c));
    const currency = await ctx.catalogue.payable(checkout, body.currency);
    const convertTo = boundConvertTo(checkout, body.convert_to);
    const urlBack = boundUrlBack(checkout, body.url_back);
    let amount = terminalAmount(checkout, body.currency, body.amount);
    if (checkout.amount !== undefined && checkout.amount_currency !== undefined && checkout.amount_currency !== body.currency) {
      // Priced in another currency (a fiat price): the proxy converts at this window's rate, which it records as quoted
      // to this customer, and rounds up; the page cannot name a lower amount.
      const quote = await ctx.rates.quote(body.currency, checkout.amount_currency);
      amount = cryptoForFiat(checkout.amount, quote.price, currency.precision);
      if (!quote.stale) await ctx.ledger.recordQuote(checkout.checkout_id, quote);
    }
    // The terminal shows the address addresses/take gives for the same foreign_id, currency and convert_to: take it here
    // too, so the checkout follows the payments made on the terminal like any other.
    const address = await ctx.client.takeAddress({
      foreign_id: checkout.foreign_id,
      currency: body.currency,
      ...(convertTo ? { convert_to: convertTo } : {}),
    });
    const start = await showAddress(ctx, checkout, address);
    const url = buildTerminalUrl({
      apiSecret: ctx.settings.apiSecret,
      baseUrl: ctx.settings.terminalBaseUrl,
      params: {
        client_id: ctx.settings.terminalClientId,
        currency: body.currency,
        ...(amount ? { amount } : {}),
        ...(convertTo ? { convert_to: convertTo } : {}),
        ...(body.is_iframe !== undefined ? { is_iframe: body.is_iframe } : {}),
        foreign_id: checkout.foreign_id,
        ...(urlBack ? { url_back: urlBack } : {}),
      },
    });
    return c.json({ url, address, ...start } satisfies TerminalUrlGrant);
  });
  return app;
}
