/**
 * Customer-facing strings of the lazily loaded modes (invoice, futures, payout address): they load with their mode,
 * so the address checkout does not carry them.
 */
export const modeStrings = {
  invoiceAmount: 'Invoice amount',
  sendExactly: 'Send exactly',
  invoicePage: 'Open the invoice page',
  invoicePageHint: 'The invoice page on CoinsPaid shows the same payment details and where to get help.',
  invoiceNoAddress: 'Choose how to pay on the invoice page. Its amount is fixed while the timer runs.',
  invoiceTimer: (time: string) => `The rate is fixed for ${time}.`,
  invoiceExtended: 'Your payment has been seen: the invoice stays open for 24 hours while it confirms.',
  invoiceProcessing: 'Your payment is being processed…',
  invoiceRemaining: (remaining: string) => `Part of the payment has arrived. Send the remaining ${remaining} to the same address.`,
  invoiceExpiredText: 'The time to pay this invoice has run out. Do not send a payment now; go back to the shop to start again.',
  invoiceFailed: {
    timer: 'The time to pay ran out before a payment arrived.',
    underpaid: 'Less than the invoice amount arrived. CoinsPaid emails you a link to get it refunded.',
    slow: 'The payment stayed unconfirmed on the network for too long. CoinsPaid emails you a link to get it refunded.',
    other: (reason: string) => `CoinsPaid could not complete this invoice${reason ? ` (“${reason}”)` : ''}. Contact the shop.`,
  },
  futuresHeading: 'Fixed exchange rate',
  futuresHint: 'Choose the amount the shop should receive. The rate for it is guaranteed until the time shown.',
  futuresRow: (amount: string, rate: string) => `${amount} at ${rate}`,
  futuresUntil: (time: string) => `Rates fixed until ${time}.`,
  futuresReceive: 'The shop receives',
  futuresDifferent: (amount: string) =>
    `Send exactly this amount. If a different amount arrives, it is converted at the market rate when it arrives instead, and the shop receives more or less than ${amount}.`,
  futuresLimit: 'Fixed-rate payments are limited to 10,000 EUR. Choose a smaller amount or pay at the market rate.',
} as const;

/** CoinsPaid's failure texts for invoices (reference: "Timer expired. User not paid.", "... processing too long.", "... less than requested.") in plain words. */
export function invoiceFailure(error: string): string {
  const f = modeStrings.invoiceFailed;
  if (/timer expired|not paid/i.test(error)) return f.timer;
  if (/less than requested/i.test(error)) return f.underpaid;
  if (/too long/i.test(error)) return f.slow;
  return f.other(error.trim().slice(0, 200));
}
