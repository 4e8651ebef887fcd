/**
 * Customer-facing strings of the lazily loaded modes (invoice, futures, payout address): they load with their mode,
 * so the address checkout does not carry them. Getters and functions: `msg()` runs at render time (see
 * ../strings.ts).
 */
import { msg } from '@lit/localize/init/install.js';
import { str } from '@lit/localize/internal/str-tag.js';

export const modeStrings = {
  get invoiceAmount() {
    return msg('Invoice amount');
  },
  get sendExactly() {
    return msg('Send exactly', { desc: 'Label above the exact crypto amount to send.' });
  },
  get invoicePage() {
    return msg('Open the invoice page');
  },
  get invoicePageHint() {
    return msg('The invoice page on CoinsPaid shows the same payment details and where to get help.');
  },
  get invoiceNoAddress() {
    return msg('Choose how to pay on the invoice page. Its amount is fixed while the timer runs.');
  },
  invoiceTimer: (time: string) => msg(str`The rate is fixed for ${time}.`, { desc: 'time is a countdown such as 14:59.' }),
  get invoiceExtended() {
    return msg('Your payment has been seen: the invoice stays open for 24 hours while it confirms.');
  },
  get invoiceProcessing() {
    return msg('Your payment is being processed…');
  },
  get invoiceFailed() {
    return {
      timer: msg('The time to pay ran out before a payment arrived. Do not send a payment now.'),
      underpaid: msg(
        'Less than the invoice amount arrived and the invoice has closed, so the shop receives less than the price. The shop has been told.',
      ),
      slow: msg('The payment stayed unconfirmed on the network for too long. CoinsPaid emails you a link to get it refunded.'),
      other: (reason: string) =>
        reason
          ? msg(str`CoinsPaid could not complete this invoice (“${reason}”). Contact the shop.`, {
              desc: "reason is CoinsPaid's English error text.",
            })
          : msg('CoinsPaid could not complete this invoice. Contact the shop.'),
    };
  },
  get futuresHeading() {
    return msg('Fixed exchange rate');
  },
  get futuresHint() {
    return msg('Choose the amount the shop should receive. The rate for it is guaranteed until the time shown.');
  },
  futuresRow: (amount: string, rate: string) =>
    msg(str`${amount} at ${rate}`, { desc: 'A choice: an amount in fiat at an exchange rate, e.g. "100 EUR at 1 BTC = 60,000 EUR".' }),
  futuresUntil: (time: string) => msg(str`Rates fixed until ${time}.`, { desc: 'time is a clock time such as 14:30.' }),
  get futuresReceive() {
    return msg('The shop receives');
  },
  futuresDifferent: (amount: string) =>
    msg(
      str`Send exactly this amount. If a different amount arrives, it is converted at the market rate when it arrives instead, and the shop receives more or less than ${amount}.`,
    ),
  get futuresShort() {
    return msg(
      'The payment was not the exact amount, so it was converted at the market rate when it arrived instead of the fixed rate: the shop receives less than the fixed amount.',
    );
  },
  get futuresLimit() {
    return msg('Fixed-rate payments are limited to 10,000 EUR. Choose a smaller amount or pay at the market rate.');
  },
};

/** CoinsPaid's failure texts for invoices (reference: "Timer expired. User not paid.", "... processing too long.", "... less than requested.") in plain words. */
export function invoiceFailure(error: string): string {
  const f = modeStrings.invoiceFailed;
  // CoinsPaid's texts all begin "Timer expired.": the reason that follows decides.
  if (/less than requested/i.test(error)) return f.underpaid;
  if (/too long/i.test(error)) return f.slow;
  if (/timer expired|not paid/i.test(error)) return f.timer;
  return f.other(error.trim().slice(0, 200));
}
