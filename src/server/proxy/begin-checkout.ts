import type { CryptoAddress } from '../../core/api-types.js';
import { unixSeconds } from '../../core/clock.js';
import type { Money } from '../../core/settlement.js';
import type { FollowHandle, OrderSettlement } from '../../core/wire.js';
import { checkoutTerms } from './checkout-terms.js';
import { orderSettlement } from './checkouts.js';
import type { ProxyContext } from './context.js';
import { checkoutChannel } from './follow.js';
import type { VerifiedCheckout } from './tokens.js';

/** What every route that shows the customer an address answers besides it: how to follow the checkout, and where it stands. */
export interface CheckoutStart {
  follow: FollowHandle;
  settlement: OrderSettlement;
}

/**
 * The checkout shows `address` (a deposit address, a fixed-rate address, the address behind a terminal link): its
 * record begins (or a reload continues it), and the widget gets the checkout's follow capability and settlement.
 */
export async function showAddress(
  ctx: ProxyContext,
  checkout: VerifiedCheckout,
  address: Pick<CryptoAddress, 'id' | 'currency' | 'convert_to'>,
  fixed?: { expected: Money; deadline: number },
): Promise<CheckoutStart> {
  const terms = await checkoutTerms(checkout, ctx.catalogue, fixed);
  const now = unixSeconds(ctx.clock);
  const record = await ctx.ledger.begin(terms, { id: address.id, currency: address.currency, convert_to: address.convert_to ?? null }, now);
  const settlement = await ctx.ledger.settleRecord(record, now, ctx.pricing);
  return { follow: ctx.follow(checkoutChannel(record.id)), settlement: orderSettlement(record, settlement) };
}

/** An invoice checkout begins with its invoice; its callbacks settle it. */
export async function showInvoice(
  ctx: ProxyContext,
  checkout: VerifiedCheckout,
  invoice: { id: number; release_at: number },
): Promise<CheckoutStart> {
  const terms = await checkoutTerms(checkout, ctx.catalogue);
  const now = unixSeconds(ctx.clock);
  const record = await ctx.ledger.beginInvoice({ ...terms, deadline: invoice.release_at }, invoice.id, now);
  const settlement = await ctx.ledger.settleRecord(record, now, ctx.pricing);
  return { follow: ctx.follow(checkoutChannel(record.id)), settlement: orderSettlement(record, settlement) };
}
