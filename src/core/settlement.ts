import Big from 'big.js';
import type { DecimalString, UnixSeconds } from './api-types.js';

/**
 * The one answer to "was this order paid?". The proxy keeps, per checkout, what the merchant's token asked for, the
 * rates it quoted to this customer and the payments it attributed to this checkout; this pure function turns them
 * into the settlement that the merchant's handler, the webhooks and the customer's screen all read. Neither the
 * widget nor the merchant's server judges payments on its own, so they cannot disagree.
 *
 * The rules, in the customer's favour where the customer did nothing wrong and in the merchant's everywhere else:
 * - A fiat-priced order settles in fiat, each payment valued at the rate quoted to this customer for the window in
 *   which it was seen, or the window that ended at most `graceSeconds` before (a customer who copied the amount just
 *   before the rate refreshed paid what they were shown). A payment outside every quoted window (late, or a customer
 *   who never loaded a rate) is valued at the market price the proxy recorded when it was seen.
 * - Paid means: what arrived is worth what was asked, less than one smallest unit of the order's currency (a cent)
 *   short, or short by no more than the merchant's tolerance (percent; 0 by default).
 * - A remainder is never asked for when the customer cannot send it: below the minimum deposit of the currency they
 *   pay in (`remaining_below_minimum`); the merchant decides what to do with such an order.
 * - A cancelled payment (double spend) counts for nothing; the customer may send again.
 */

export type SettlementStatus =
  /** Nothing seen yet; the checkout is open. */
  | 'waiting'
  /** A payment was seen and awaits confirmations (or its value cannot be judged yet). */
  | 'pending'
  /** Confirmed payments are worth what was asked (within tolerance); final for the merchant. */
  | 'paid'
  /** Confirmed payments are worth less than asked: `remaining` is still owed. */
  | 'underpaid'
  /** Every payment seen was cancelled (double spend); the customer may send again until the deadline. */
  | 'cancelled'
  /** The deadline passed with nothing paid. */
  | 'expired';

export interface Money {
  amount: DecimalString;
  currency: string;
}

export type PaymentStatus = 'not_confirmed' | 'confirmed' | 'cancelled';

/** A payment (one CoinsPaid deposit transaction) that the proxy attributed to this checkout. */
export interface AttributedPayment {
  /** CoinsPaid's id of the deposit (the callback's root `id`): its statuses share it. */
  id: number;
  status: PaymentStatus;
  /** What the customer sent. */
  sent: Money;
  /** What the merchant received after conversion, when CoinsPaid converted it (and says so). */
  received: Money | null;
  /** When the proxy first saw it (the first callback), Unix seconds. */
  seen_at: UnixSeconds;
  txid: string | null;
  /**
   * The market price of `sent.currency` in the order's currency when the payment was seen, recorded by the proxy for
   * payments seen outside every window quoted to this customer.
   */
  market_price: DecimalString | null;
}

/** A rate the proxy served to this customer: `price` units of `to` for one `from`, fixed from ts_fixed to ts_release. */
export interface QuotedRate {
  from: string;
  to: string;
  price: DecimalString;
  ts_fixed: UnixSeconds;
  ts_release: UnixSeconds;
}

export interface SettlementInput {
  /** What the order costs (the token's amount and currency); null for an open amount (an account top-up). */
  expected: Money | null;
  /** Decimals of the expected currency (EUR 2, BTC 8): less than one unit of it short is not short. */
  expectedPrecision: number;
  payments: readonly AttributedPayment[];
  quotes: readonly QuotedRate[];
  /**
   * How a payment is valued: `quoted`, at the rates quoted to the customer (deposits); `received`, at what CoinsPaid
   * credited after conversion (fixed-rate futures, where only the exact amount gets the fixed price).
   */
  valuation: 'quoted' | 'received';
  /** When the customer's time to pay ends; null for none. */
  deadline: UnixSeconds | null;
  now: UnixSeconds;
  /** How long after a window ended its rate still values a payment. */
  graceSeconds: number;
  /** Shortfall (percent of the expected amount) still counted as paid; "0" by default. */
  tolerancePercent: DecimalString;
  /**
   * What the customer pays in now, to judge whether a remainder can be sent: its decimals, the smallest deposit
   * CoinsPaid credits, and its current price in the order's currency (null when unknown).
   */
  paying: { currency: string; precision: number; minimum: DecimalString; price: DecimalString | null } | null;
}

/** One attributed payment as the merchant and the customer see it. */
export interface SettlementPayment {
  id: number;
  status: PaymentStatus;
  sent: Money;
  /** Its worth in the order's currency (null for an open amount, or while it cannot be valued). */
  value: Money | null;
  txid: string | null;
  seen_at: UnixSeconds;
  /** Seen after the deadline. */
  late: boolean;
  /** Valued at the rate of a window that had ended when it was seen (within the grace period). */
  previous_window: boolean;
}

export interface Settlement {
  status: SettlementStatus;
  expected: Money | null;
  /** The worth of the confirmed payments in the order's currency (for an open amount: their sum in the currency paid). */
  received: Money | null;
  /** Underpaid: still owed, in the order's currency, rounded up to its precision. */
  remaining: Money | null;
  /** Underpaid: the remainder in the currency being paid at its current price, rounded up; null when unknown. */
  remaining_to_send: Money | null;
  /** The remainder is below the smallest deposit the customer can send: they are not asked for it. */
  remaining_below_minimum: boolean;
  /** Paid more than asked, beyond tolerance: the excess in the order's currency, rounded down. */
  overpaid: Money | null;
  /** A payment that counts was seen after the deadline. */
  late: boolean;
  payments: SettlementPayment[];
}

const ZERO = new Big(0);

/** The best (highest) price among the windows that cover `seenAt`, and whether that window had already ended. */
function quotedPrice(
  quotes: readonly QuotedRate[],
  from: string,
  to: string,
  seenAt: UnixSeconds,
  grace: number,
): { price: Big; previous: boolean } | null {
  let best: { price: Big; previous: boolean } | null = null;
  for (const quote of quotes) {
    if (quote.from !== from || quote.to !== to) continue;
    if (seenAt < quote.ts_fixed || seenAt > quote.ts_release + grace) continue;
    const price = new Big(quote.price);
    if (!best || price.gt(best.price)) best = { price, previous: seenAt > quote.ts_release };
  }
  return best;
}

/** A payment's worth in the order's currency, or null when it cannot be valued (yet). */
function valueOf(payment: AttributedPayment, input: SettlementInput): { value: Big; previous: boolean } | null {
  const expected = input.expected!;
  const { sent, received } = payment;
  if (sent.currency === expected.currency) return { value: new Big(sent.amount), previous: false };
  if (input.valuation === 'received' && received?.currency === expected.currency)
    return { value: new Big(received.amount), previous: false };
  const quoted = quotedPrice(input.quotes, sent.currency, expected.currency, payment.seen_at, input.graceSeconds);
  if (quoted) return { value: new Big(sent.amount).times(quoted.price), previous: quoted.previous };
  if (payment.market_price !== null) return { value: new Big(sent.amount).times(payment.market_price), previous: false };
  if (received?.currency === expected.currency) return { value: new Big(received.amount), previous: false };
  return null;
}

function money(value: Big, currency: string, precision: number, direction: 'up' | 'down'): Money {
  return { amount: value.round(precision, direction === 'up' ? Big.roundUp : Big.roundDown).toFixed(precision), currency };
}

/** Settles a checkout: see the module comment for the rules. */
export function settle(input: SettlementInput): Settlement {
  const { expected, expectedPrecision: precision, payments, deadline, now } = input;
  const isLate = (p: AttributedPayment) => deadline !== null && p.seen_at > deadline;
  const valued = payments.map((payment) => ({ payment, worth: expected ? valueOf(payment, input) : null }));
  const described: SettlementPayment[] = valued.map(({ payment, worth }) => ({
    id: payment.id,
    status: payment.status,
    sent: payment.sent,
    value: worth && expected ? money(worth.value, expected.currency, precision, 'down') : null,
    txid: payment.txid,
    seen_at: payment.seen_at,
    late: isLate(payment),
    previous_window: worth?.previous ?? false,
  }));
  const confirmed = valued.filter(({ payment }) => payment.status === 'confirmed');
  const counting = valued.filter(({ payment }) => payment.status !== 'cancelled');
  const base: Settlement = {
    status: 'waiting',
    expected,
    received: null,
    remaining: null,
    remaining_to_send: null,
    remaining_below_minimum: false,
    overpaid: null,
    late: counting.some(({ payment }) => isLate(payment)),
    payments: described,
  };
  const pendingSeen = counting.some(({ payment }) => payment.status === 'not_confirmed');
  const cancelledOnly = counting.length === 0 && payments.length > 0;
  const open = deadline === null || now <= deadline;

  if (!expected) {
    // An open amount (a top-up): any confirmed payment pays; what arrived is the sum in the currency paid.
    const currencies = new Set(confirmed.map(({ payment }) => payment.sent.currency));
    const [currency] = currencies;
    const received =
      currencies.size === 1 && currency
        ? { amount: confirmed.reduce((sum, { payment }) => sum.plus(payment.sent.amount), ZERO).toFixed(), currency }
        : null;
    if (confirmed.length) return { ...base, status: 'paid', received };
    if (pendingSeen) return { ...base, status: 'pending' };
    if (cancelledOnly && open) return { ...base, status: 'cancelled' };
    return { ...base, status: open ? 'waiting' : 'expired' };
  }

  if (confirmed.some(({ worth }) => worth === null)) return { ...base, status: 'pending' };
  const receivedValue = confirmed.reduce((sum, { worth }) => sum.plus(worth!.value), ZERO);
  const received = money(receivedValue, expected.currency, precision, 'down');
  const target = new Big(expected.amount);
  const unit = new Big(10).pow(-precision);
  const tolerance = target.times(input.tolerancePercent).div(100);
  const shortfall = target.minus(receivedValue);

  if (confirmed.length && (shortfall.lt(unit) || shortfall.lte(tolerance))) {
    const excess = receivedValue.minus(target);
    const overpaid = excess.gte(unit) && excess.gt(tolerance) ? money(excess, expected.currency, precision, 'down') : null;
    return { ...base, status: 'paid', received, overpaid };
  }
  if (pendingSeen) return { ...base, status: 'pending', received: confirmed.length ? received : null };
  if (confirmed.length) {
    const remaining = money(shortfall, expected.currency, precision, 'up');
    const { toSend, belowMinimum } = remainderToSend(shortfall, expected.currency, input.paying);
    return { ...base, status: 'underpaid', received, remaining, remaining_to_send: toSend, remaining_below_minimum: belowMinimum };
  }
  if (cancelledOnly && open) return { ...base, status: 'cancelled' };
  return { ...base, status: open ? 'waiting' : 'expired' };
}

/** The remainder in the currency being paid, and whether it is too small to send at all. */
function remainderToSend(
  shortfall: Big,
  orderCurrency: string,
  paying: SettlementInput['paying'],
): { toSend: Money | null; belowMinimum: boolean } {
  if (!paying) return { toSend: null, belowMinimum: false };
  let amount: Big;
  if (paying.currency === orderCurrency) amount = shortfall;
  else if (paying.price !== null && new Big(paying.price).gt(0)) amount = shortfall.div(paying.price);
  else return { toSend: null, belowMinimum: false };
  const toSend = money(amount, paying.currency, paying.precision, 'up');
  return { toSend, belowMinimum: new Big(toSend.amount).lt(paying.minimum) };
}

/** A checkout that took an address, as far as attributing a payment to that address needs to know. */
export interface CheckoutOnAddress {
  id: string;
  /** When the checkout first showed this address. */
  began_at: UnixSeconds;
  /** A fixed-amount order stops taking payments once paid; an open amount (a top-up) never does. */
  fixed_amount: boolean;
  /** When it was settled as paid, if it was. */
  paid_at: UnixSeconds | null;
}

/**
 * Which checkout a payment to a (possibly reused) address belongs to: among the checkouts that began before it was
 * seen and, for fixed amounts, were not yet paid, the one that began last (the page the customer is looking at).
 * Null when none: a payment from before any of them never marks a later order paid.
 */
export function attributePayment(checkouts: readonly CheckoutOnAddress[], seenAt: UnixSeconds): string | null {
  let chosen: CheckoutOnAddress | null = null;
  for (const checkout of checkouts) {
    if (checkout.began_at > seenAt) continue;
    if (checkout.fixed_amount && checkout.paid_at !== null && checkout.paid_at <= seenAt) continue;
    if (!chosen || checkout.began_at >= chosen.began_at) chosen = checkout;
  }
  return chosen?.id ?? null;
}

/** An invoice as its latest callback describes it: CoinsPaid settles invoices itself; this maps its verdict. */
export interface InvoiceState {
  status: 'created' | 'pending' | 'processing' | 'confirmed' | 'failed' | 'cancelled';
  /** The amount due in the currency the customer pays in (`currency_sent`), once a currency is fixed. */
  due: Money | null;
  /** The customer's blockchain transactions to the invoice, in that currency. */
  transactions: { id: number; amount: DecimalString; txid: string | null; confirmed: boolean }[];
  /** CoinsPaid's remaining amount in the sender currency, when it says. */
  remaining: DecimalString | null;
  seen_at: UnixSeconds;
}

/**
 * An invoice's settlement from CoinsPaid's own verdict: `created` → waiting, `processing` (the whole amount seen) →
 * pending, `pending` with something paid → underpaid (the customer may send the rest), `confirmed` → paid, `failed`
 * → underpaid when something was paid (the shop receives less: CoinsPaid credits what arrived) else expired. Amounts
 * in the invoice's currency are in proportion to the sender amount due.
 */
export function settleInvoice(
  expected: Money,
  precision: number,
  state: InvoiceState,
  deadline: UnixSeconds | null,
  now: UnixSeconds,
): Settlement {
  const due = state.due;
  const paid = state.transactions.reduce((sum, t) => sum.plus(t.amount), ZERO);
  const inPrice = (crypto: Big, direction: 'up' | 'down') =>
    due && new Big(due.amount).gt(0) ? money(crypto.div(due.amount).times(expected.amount), expected.currency, precision, direction) : null;
  const payments: SettlementPayment[] = state.transactions.map((t) => ({
    id: t.id,
    status: t.confirmed ? 'confirmed' : 'not_confirmed',
    sent: { amount: t.amount, currency: due?.currency ?? expected.currency },
    value: inPrice(new Big(t.amount), 'down'),
    txid: t.txid,
    seen_at: state.seen_at,
    late: deadline !== null && state.seen_at > deadline,
    previous_window: false,
  }));
  const owed = due ? (state.remaining !== null ? new Big(state.remaining) : new Big(due.amount).minus(paid)) : ZERO;
  const base: Settlement = {
    status: 'waiting',
    expected,
    received: paid.gt(0) ? inPrice(paid, 'down') : null,
    remaining: null,
    remaining_to_send: null,
    remaining_below_minimum: false,
    overpaid: null,
    late: payments.some((p) => p.late),
    payments,
  };
  const short = (): Settlement => ({
    ...base,
    status: 'underpaid',
    remaining: inPrice(owed.gt(0) ? owed : ZERO, 'up'),
    remaining_to_send: due && owed.gt(0) ? { amount: owed.toFixed(), currency: due.currency } : null,
  });
  switch (state.status) {
    case 'confirmed': {
      const excess = due ? paid.minus(due.amount) : ZERO;
      return { ...base, status: 'paid', received: base.received ?? expected, overpaid: excess.gt(0) ? inPrice(excess, 'down') : null };
    }
    case 'processing':
      return { ...base, status: 'pending' };
    case 'pending':
      return paid.gt(0) ? short() : { ...base, status: 'pending' };
    case 'failed':
      return paid.gt(0) ? { ...short(), remaining_to_send: null } : { ...base, status: 'expired' };
    case 'cancelled':
      return { ...base, status: 'cancelled' };
    default:
      return { ...base, status: deadline !== null && now > deadline ? 'expired' : 'waiting' };
  }
}
