import { ProxyError } from './errors.js';
import type { VerifiedCheckout } from './tokens.js';

/**
 * A request's parameters against its checkout token, for every route and the embed page: what the merchant put in the
 * token, a request may repeat but never set or change. Each rule throws a 403 `forbidden_by_token` naming the request's
 * own field (`convert_to` in a JSON body, `convert-to` as an embed attribute), with the message the customer sees.
 */

function forbidden(field: string, message: string): ProxyError {
  return new ProxyError(403, 'forbidden_by_token', { [field]: message });
}

/** The customer may pay in `currency`: any, or one of the token's `currencies`. */
export function assertAccepts(checkout: VerifiedCheckout, currency: string, field = 'currency'): void {
  if (checkout.currencies && !checkout.currencies.includes(currency)) throw forbidden(field, `This checkout does not accept ${currency}.`);
}

/** A rate is quoted when either side of the pair is one the checkout accepts (BTC→EUR and EUR→BTC alike). */
export function assertQuotable(checkout: VerifiedCheckout, from: string, to: string): void {
  if (checkout.currencies && !checkout.currencies.includes(from) && !checkout.currencies.includes(to))
    throw forbidden('from', `This checkout does not accept ${from}.`);
}

/** The token's convert_to decides: a request may repeat it, not change it, nor ask for one the token lacks. */
export function boundConvertTo(checkout: VerifiedCheckout, requested: string | undefined, field = 'convert_to'): string | undefined {
  if (requested !== undefined && requested !== checkout.convert_to)
    throw forbidden(
      field,
      checkout.convert_to ? `This checkout settles in ${checkout.convert_to}.` : 'This checkout does not convert payments.',
    );
  return checkout.convert_to;
}

/** Fixed rates exist only for a converting checkout: its convert_to, or a 403. */
export function requireConversion(convertTo: string | undefined, field: string): string {
  if (!convertTo) throw forbidden(field, 'Fixed rates need a checkout that converts payments.');
  return convertTo;
}

/**
 * The return address is the merchant's. A request may repeat the token's url_back; it may neither change it nor set
 * one where the token has none: the address ends up signed into a CoinsPaid terminal link, or as a "Back to shop" link
 * on a page of the proxy's own origin, and a parameter anyone holding the token can write must not choose where a
 * customer who has just paid is sent. A merchant who wants a return link puts it in the token.
 */
export function boundUrlBack(checkout: VerifiedCheckout, requested: string | undefined, field = 'url_back'): string | undefined {
  if (requested !== undefined && requested !== checkout.url_back) throw forbidden(field, 'The return address is set by the merchant.');
  return checkout.url_back;
}

function priceMessage(checkout: VerifiedCheckout): string {
  return `This checkout is for ${checkout.amount} ${checkout.amount_currency}.`;
}

/**
 * The price (amount and its currency) is the token's and only the token's: a request or a page attribute may repeat
 * it, never change it, nor name one where the token has none (the proxy would judge payments against a price the
 * merchant never set).
 */
export function assertPrice(
  checkout: VerifiedCheckout,
  amount: string | undefined,
  amountCurrency: string | undefined,
  field = 'amount',
): void {
  if (amount === undefined && amountCurrency === undefined) return;
  if (checkout.amount === undefined) throw forbidden(field, 'The price is set by the merchant.');
  if ((amount !== undefined && amount !== checkout.amount) || (amountCurrency !== undefined && amountCurrency !== checkout.amount_currency))
    throw forbidden(field, priceMessage(checkout));
}

/**
 * The amount of a hosted-terminal link, in the currency paid, as far as the token decides it: where the price is in
 * that currency, the price (a request may repeat it); where it is in another currency, none here (the proxy converts
 * the price itself, and a request may not name an amount); without a price, whatever the customer asked for.
 */
export function terminalAmount(checkout: VerifiedCheckout, currency: string, requested: string | undefined): string | undefined {
  const priced = checkout.amount !== undefined;
  const pricedHere = priced && checkout.amount_currency === currency;
  if (requested !== undefined && priced && !(pricedHere && requested === checkout.amount))
    throw forbidden('amount', priceMessage(checkout));
  return requested ?? (pricedHere ? checkout.amount : undefined);
}

export interface InvoiceCheckout {
  invoice: NonNullable<VerifiedCheckout['invoice']>;
  amount: string;
  amount_currency: string;
}

/** The invoice a token describes (its terms and price), or a 403 for a checkout that is not one. */
export function invoiceTerms(checkout: VerifiedCheckout): InvoiceCheckout {
  const { invoice, amount, amount_currency } = checkout;
  if (!invoice || !amount || !amount_currency) throw forbidden('invoice', 'This checkout is not an invoice.');
  return { invoice, amount, amount_currency };
}

/** The invoice's sender currency: the token's when it fixes one (a request may repeat it), else the customer's choice. */
export function invoiceSenderCurrency(invoice: InvoiceCheckout['invoice'], requested: string | undefined): string | undefined {
  if (requested && invoice.sender_currency && requested !== invoice.sender_currency)
    throw forbidden('sender_currency', `This invoice is paid in ${invoice.sender_currency}.`);
  return requested ?? invoice.sender_currency;
}
