import type { DecimalString } from '../core/api-types.js';
import { compareDecimal, subtractDecimal, sumDecimals, toPrecision } from '../core/amount.js';
import type { PaymentEvent } from '../core/wire.js';

/**
 * Where a deposit checkout stands once payments arrive: customers send less (an exchange took its withdrawal fee
 * from the amount), more, in two parts, or after the rate they saw was replaced. CoinsPaid credits whatever arrives;
 * the merchant's backend decides what an order needs. This is what the customer is told, judged against what they
 * were shown.
 */
export interface Settlement {
  /** none: nothing seen; pending: a payment awaits confirmations; paid / underpaid: confirmed payments judged against
   * the amount asked; cancelled: every payment seen was cancelled (double spend, dropped). */
  state: 'none' | 'pending' | 'paid' | 'underpaid' | 'cancelled';
  /** Confirmed so far, in the payment currency. */
  received: DecimalString;
  /** What was asked when the first payment was seen; null when the checkout has no price. */
  expected: DecimalString | null;
  /** Still to send, rounded up to the currency's precision (underpaid). */
  remaining: DecimalString | null;
  /** Sent beyond what was asked (paid). */
  over: DecimalString | null;
  /** Paid with the amount of the rate window before the one on screen when the payment was seen. */
  afterRateWindow: boolean;
}

/**
 * @param payments the latest event of each payment to the address (one per CoinsPaid transaction)
 * @param asked the amounts shown when the first payment was seen, oldest first: the previous rate window's amount and
 *   the current one. A customer who copied the amount just before the rate refreshed sends the previous one; that
 *   pays, and they are told it arrived after the window.
 */
export function settle(
  payments: readonly PaymentEvent[],
  currency: string,
  asked: readonly DecimalString[],
  precision: number,
): Settlement {
  const inCurrency = payments.filter((p) => !p.sent || p.sent.currency === currency);
  const confirmed = inCurrency.filter((p) => p.status === 'confirmed' && p.sent).map((p) => p.sent!.amount);
  const received = sumDecimals(confirmed);
  const current = asked.at(-1) ?? null;
  const lowest = asked.reduce<DecimalString | null>((low, a) => (low === null || compareDecimal(a, low) < 0 ? a : low), null);
  const result: Settlement = { state: 'none', received, expected: current, remaining: null, over: null, afterRateWindow: false };
  if (inCurrency.some((p) => p.status === 'not_confirmed')) return { ...result, state: 'pending' };
  if (confirmed.length === 0) return inCurrency.some((p) => p.status === 'cancelled') ? { ...result, state: 'cancelled' } : result;
  if (current === null || lowest === null) return { ...result, state: 'paid' };
  if (compareDecimal(received, current) >= 0) {
    const over = subtractDecimal(received, current);
    return { ...result, state: 'paid', over: compareDecimal(over, '0') > 0 ? over : null };
  }
  if (compareDecimal(received, lowest) >= 0) return { ...result, state: 'paid', expected: lowest, afterRateWindow: true };
  return { ...result, state: 'underpaid', remaining: toPrecision(subtractDecimal(current, received), precision, 'up') };
}
