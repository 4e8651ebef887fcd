import { Hono } from 'hono';
import * as v from 'valibot';
import type { TerminalUrlGrant } from '../../../core/wire.js';
import { buildTerminalUrl } from '../../coinspaid/terminal-url.js';
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
    await ctx.catalogue.payable(checkout, body.currency);
    const convertTo = boundConvertTo(checkout, body.convert_to);
    const urlBack = boundUrlBack(checkout, body.url_back);
    const amount = terminalAmount(checkout, body.currency, body.amount);
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
    return c.json({ url } satisfies TerminalUrlGrant);
  });
  return app;
}
