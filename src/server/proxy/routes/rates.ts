import { Hono } from 'hono';
import * as v from 'valibot';
import { assertQuotable } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { ProxyError } from '../errors.js';
import { requireToken } from '../require-token.js';
import { currencyCode, decimalAmount, parseOr400 } from '../validation.js';

const RatesQuery = v.strictObject({ from: currencyCode, to: currencyCode, amount: v.optional(decimalAmount) });

/** `GET /rates?from=BTC&to=EUR`: the pair's rate of this fix period, the same for every widget (src/server/proxy/rates.ts). */
export function ratesRoutes(ctx: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  app.get('/rates', requireToken(ctx), async (c) => {
    const { from, to, amount } = parseOr400(RatesQuery, c.req.query());
    const checkout = c.get('checkout');
    assertQuotable(checkout, from, to);
    // A pair CoinsPaid does not exchange is refused here, without spending an upstream call on it.
    const { pairs } = await ctx.catalogue.get();
    if (!pairs.some((p) => p.currency_from.currency === from && p.currency_to.currency === to))
      throw new ProxyError(400, 'validation', { to: `${from} cannot be exchanged to ${to}.` });
    const quote = await ctx.rates.quote(from, to, amount, ctx.clientIp(c));
    // A priced checkout's payments are valued at the rates its customer was shown: remember this one for it.
    // Best effort: while the shared store is down the rate is still served (a payment then is valued at the market
    // price the proxy records when it is seen).
    if (checkout.amount_currency === to && !quote.stale) await ctx.ledger.recordQuote(checkout.checkout_id, quote).catch(() => undefined);
    c.header('Cache-Control', 'no-store');
    return c.json(quote);
  });
  return app;
}
