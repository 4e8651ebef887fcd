import { Hono } from 'hono';
import * as v from 'valibot';
import type { FuturesGrant, FuturesRatesGrant } from '../../../core/wire.js';
import { boundConvertTo, requireConversion } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { showAddress } from '../begin-checkout.js';
import { checkoutChannel } from '../follow.js';
import { requireToken } from '../require-token.js';
import { currencyCode, decimalAmount, jsonBody, parseOr400 } from '../validation.js';

const FuturesRatesBody = v.strictObject({ currency: currencyCode });
const FuturesConfirmBody = v.strictObject({
  sender_currency: currencyCode,
  receiver_currency: currencyCode,
  receiver_amount: decimalAmount,
});

/**
 * Fixed rates (CoinsPaid "futures") on the customer's exchange address: `POST /futures/rates` offers them,
 * `POST /futures/confirm` fixes one. Both need a converting checkout.
 */
export function futuresRoutes(ctx: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  const token = requireToken(ctx);

  // Each call asks CoinsPaid (addresses/take and futures/rates): limited per client like every creation.
  app.post('/futures/rates', token, ctx.limit('futures-rates'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(FuturesRatesBody, await jsonBody(c));
    await ctx.catalogue.payable(checkout, body.currency);
    const convertTo = requireConversion(checkout.convert_to, 'convert_to');
    const address = await ctx.client.takeAddress({ foreign_id: checkout.foreign_id, currency: body.currency, convert_to: convertTo });
    const rates = await ctx.client.futuresRates({ address: address.address });
    return c.json({ ...rates, follow: ctx.follow(checkoutChannel(checkout.checkout_id)) } satisfies FuturesRatesGrant);
  });

  app.post('/futures/confirm', token, ctx.limit('futures'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(FuturesConfirmBody, await jsonBody(c));
    await ctx.catalogue.payable(checkout, body.sender_currency, 'sender_currency');
    const convertTo = requireConversion(boundConvertTo(checkout, body.receiver_currency, 'receiver_currency'), 'receiver_currency');
    const address = await ctx.client.takeAddress({
      foreign_id: checkout.foreign_id,
      currency: body.sender_currency,
      convert_to: convertTo,
    });
    const confirmation = await ctx.client.futuresConfirm({
      address: address.address,
      sender_currency: body.sender_currency,
      receiver_currency: convertTo,
      receiver_amount: body.receiver_amount,
    });
    // The fixed price is CoinsPaid's: the checkout expects the receiver amount until the rate's release, valued at
    // what CoinsPaid credits (only the exact sender amount gets the fixed rate).
    const start = await showAddress(ctx, checkout, address, {
      expected: { amount: confirmation.receiver_amount, currency: confirmation.receiver_currency },
      deadline: confirmation.ts_release,
    });
    return c.json({ ...confirmation, ...start } satisfies FuturesGrant);
  });

  return app;
}
