/**
 * Every customer-facing string of `<coinspaid-terminal>`, through @lit/localize (runtime mode, see localization.ts).
 * Getters and functions, never constants: `msg()` must run at render time to return the active locale's text.
 * Sentences that carry values are `str` templates, so word order stays the translator's choice. Ids are generated
 * from the English text (lit-localize's default): changing a sentence asks for its translations again.
 */
import { msg } from '@lit/localize/init/install.js';
import { str } from '@lit/localize/internal/str-tag.js';
import type { TerminalErrorCode } from './errors.js';

export const strings = {
  get loading() {
    return msg('Loading payment details…');
  },
  get chooseHeading() {
    return msg('Choose how to pay');
  },
  get chooseHint() {
    return msg('Pick the currency you will send from your wallet.');
  },
  minimum: (amount: string) => msg(str`Minimum ${amount}`, { desc: 'Smallest deposit of a currency, e.g. "Minimum 0.0001 BTC".' }),
  depositFee: (percent: string) => msg(str`Deposit fee ${percent} %`),
  minimumAbovePrice: (code: string, value: string) =>
    msg(str`Not available for this order: the smallest ${code} payment is worth ${value}.`, {
      desc: 'A currency the customer cannot pick: its minimum deposit (value, in the price currency) is more than the price.',
    }),
  get changeCurrency() {
    return msg('Change currency');
  },
  payWith: (name: string) => msg(str`Pay with ${name}`, { desc: 'Heading; name is a cryptocurrency, e.g. "Pay with Bitcoin".' }),
  get toPay() {
    return msg('Amount to pay');
  },
  sendAtLeast: (amount: string) => msg(str`Send at least ${amount}.`),
  addressLabel: (name: string) =>
    msg(str`${name} deposit address`, { desc: 'Label of the address to send the payment to; name is a cryptocurrency.' }),
  get tagLabel() {
    return msg('Destination tag (memo)');
  },
  get tagWarning() {
    return msg('Enter this destination tag in your wallet. A payment without it cannot be credited and may be lost.');
  },
  networkWarning: (code: string, network: string) => msg(str`Send only ${code} on ${network}. A payment on any other network is lost.`),
  qrLabel: (name: string) => msg(str`QR code of the ${name} payment. Activate to copy the payment link.`),
  get openInWallet() {
    return msg('Open in wallet');
  },
  get copy() {
    return msg('Copy', { desc: 'Visible text of a copy button. Each "Copy …" button name below must contain this word.' });
  },
  get copied() {
    return msg('Copied', { desc: 'Copy button text for two seconds after copying.' });
  },
  get copyAddress() {
    return msg('Copy address');
  },
  get copyAmount() {
    return msg('Copy amount');
  },
  get copyTag() {
    return msg('Copy destination tag');
  },
  get copiedAnnouncement() {
    return {
      address: msg('Address copied.'),
      amount: msg('Amount copied.'),
      tag: msg('Destination tag copied.'),
      uri: msg('Payment link copied.'),
      txid: msg('Transaction id copied.'),
    };
  },
  get copyFailed() {
    return msg('Could not copy. Select the text and copy it yourself.');
  },
  rateFixed: (time: string) =>
    msg(str`Rate fixed for ${time}. The amount then updates by itself.`, { desc: 'time is a countdown such as 4:59.' }),
  get rateRefreshing() {
    return msg('Updating the rate…');
  },
  get rateStale() {
    return msg('The rate may be out of date.');
  },
  rateLine: (rate: string) => msg(str`Rate ${rate}`, { desc: 'Exchange rate, e.g. "Rate 1 BTC = €60,000.00".' }),
  timeLeft: (time: string) => msg(str`Time left to pay: ${time}`),
  payBy: (time: string) =>
    msg(str`Pay by ${time}`, { desc: 'The deadline to pay, a clock time such as 14:32 (with the date when it is not today).' }),
  get waiting() {
    return msg('Waiting for your payment…');
  },
  get terminalLink() {
    return msg('Pay with crypto');
  },
  get terminalFrame() {
    return msg('CoinsPaid payment terminal');
  },
  get retry() {
    return msg('Try again');
  },
  get errorHeading() {
    return msg('Payment is not available');
  },
  get errors(): Record<TerminalErrorCode, string> {
    const contactShop = msg('This checkout is not set up correctly. Please contact the shop.');
    return {
      proxy_unreachable: msg('We cannot reach the payment service. Check your connection and try again.'),
      misconfigured: contactShop,
      token_missing: contactShop,
      token_invalid: msg('This checkout link is not valid. Please go back to the shop and start the payment again.'),
      token_expired: msg('This checkout has expired. Please go back to the shop and start the payment again.'),
      forbidden_by_token: msg('This checkout does not allow that. Please go back to the shop and start the payment again.'),
      currency_not_allowed: msg('This currency cannot be used for this payment.'),
      amount_below_minimum: msg('This amount is below the minimum this currency accepts.'),
      rate_unavailable: msg('No exchange rate is available right now. Try again in a minute.'),
      rate_limited: msg('The payment service is busy. Try again in a minute.'),
      upstream_unavailable: msg('The payment service is not answering. Try again shortly.'),
      validation: contactShop,
      not_found: contactShop,
      origin_not_allowed: contactShop,
      payload_too_large: contactShop,
      order_conflict: contactShop,
      unexpected_response: msg('The payment service answered unexpectedly. Try again shortly.'),
      unsafe_url: contactShop,
      invalid_address: msg(
        'The payment address we received could not be checked, so it is not shown. Do not pay this order; please contact the shop.',
      ),
      amount_above_limit: msg('This amount is above the limit for a fixed rate.'),
    };
  },
  belowMinimumDetail: (amount: string, minimum: string) => msg(str`The amount ${amount} is below the minimum of ${minimum}.`),
};
