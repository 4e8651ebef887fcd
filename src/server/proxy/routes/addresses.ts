import { Hono } from 'hono';
import * as v from 'valibot';
import type { AddressGrant } from '../../../core/wire.js';
import { boundConvertTo } from '../checkout-rules.js';
import type { ProxyContext, ProxyEnv } from '../context.js';
import { showAddress } from '../begin-checkout.js';
import { requireToken } from '../require-token.js';
import { currencyCode, jsonBody, parseOr400 } from '../validation.js';

const AddressBody = v.strictObject({ currency: currencyCode, convert_to: v.optional(currencyCode) });

/** `POST /addresses`: the customer's deposit address for a currency (addresses/take), and how to follow payments to it. */
export function addressRoutes(ctx: ProxyContext): Hono<ProxyEnv> {
  const app = new Hono<ProxyEnv>();
  app.post('/addresses', requireToken(ctx), ctx.limit('addresses'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(AddressBody, await jsonBody(c));
    await ctx.catalogue.payable(checkout, body.currency);
    const convertTo = boundConvertTo(checkout, body.convert_to);
    const address = await ctx.client.takeAddress({
      foreign_id: checkout.foreign_id,
      currency: body.currency,
      ...(convertTo ? { convert_to: convertTo } : {}),
    });
    return c.json({ address, ...(await showAddress(ctx, checkout, address)) } satisfies AddressGrant, 201);
  });
  return app;
}
