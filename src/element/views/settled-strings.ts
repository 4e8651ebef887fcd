/**
 * Customer-facing strings of the screens once a payment is seen (settled.ts): they load with the screens, once an
 * address has been painted (follow-kit.ts). Getters and functions: `msg()` runs at render time (see ../strings.ts).
 */
import { msg } from '@lit/localize/init/install.js';
import { str } from '@lit/localize/internal/str-tag.js';
import { plural } from './time-left.js';

export const settledStrings = {
  get seenHeading() {
    return msg('Payment seen');
  },
  get seen() {
    return msg('Payment seen on the network. Waiting for confirmations…');
  },
  confirmations: (n: number) =>
    plural(
      n,
      msg('one {# confirmation so far.} other {# confirmations so far.}', {
        desc: 'Plural: a form per CLDR category of your language (zero, one, two, few, many, other); # is the number.',
      }),
    ),
  youSent: (amount: string) => msg(str`You sent ${amount}.`, { desc: 'A payment seen on the network, e.g. "You sent 0.0012 BTC."' }),
  get paidHeading() {
    return msg('Payment received');
  },
  get paidText() {
    return msg('Thank you. Your payment is confirmed.');
  },
  get order() {
    return msg('Order', { desc: "Receipt row: the shop's order number." });
  },
  get amountPaid() {
    return msg('Amount paid', { desc: 'Receipt row: the crypto amount sent, and its value in the price currency.' });
  },
  get paidAt() {
    return msg('Paid at', { desc: 'Receipt row: the date and time the payment was seen.' });
  },
  get transactionId() {
    return msg('Transaction id');
  },
  get copyTxid() {
    return msg('Copy transaction id');
  },
  viewOn: (site: string) => msg(str`View on ${site}`, { desc: 'Link to a block explorer; site is its name, e.g. mempool.space.' }),
  get backToShop() {
    return msg('Back to the shop');
  },
  overpaid: (extra: string) =>
    msg(str`You sent ${extra} more than asked. The shop has received it and will contact you about the difference.`),
  get afterRateWindow() {
    return msg('Your payment arrived after the rate you saw had been updated; it was checked against the amount shown then.');
  },
  get paidAfterExpiry() {
    return msg('Your payment arrived after the time to pay had run out. The shop has been told and may contact you.');
  },
  get underpaidHeading() {
    return msg('Part of the payment is missing');
  },
  underpaidText: (received: string, expected: string) => msg(str`We received ${received} of ${expected}.`),
  get sendRemaining() {
    return msg('Send the remaining amount');
  },
  remainderTooSmall: (remaining: string) =>
    msg(
      str`The remaining ${remaining} is too small to send: it is below the smallest payment that can be received. The shop has been told.`,
    ),
  get shopReceivesLess() {
    return msg('The shop receives less than the price. It has been told and will contact you.');
  },
  get cancelledHeading() {
    return msg('Payment cancelled');
  },
  get cancelledText() {
    return msg(
      'The network cancelled this payment (for example, the same coins were spent twice), so nothing was received. You can send the payment again to the same address.',
    );
  },
  get sendAgain() {
    return msg('Send the payment again');
  },
  get expiredHeading() {
    return msg('Time to pay has run out');
  },
  get expiredText() {
    return msg(
      'Do not send a payment to this address now. If you already sent it, keep this page open: it will show when your payment arrives.',
    );
  },
  get startAgain() {
    return msg('Start again');
  },
};
