import type { DecimalString } from '../core/api-types.js';
import type { WalletUri } from '../core/wallet-uri.js';
import type { WidgetConfig, WidgetCurrency } from '../core/wire.js';
import type { TerminalError } from './errors.js';
import type { QrPath } from './qr.js';
import type { Settlement } from './settlement.js';

/** Where the customer sends the payment: what the QR, the address block and the copy buttons show. */
export interface PaymentTarget {
  currency: WidgetCurrency;
  address: string;
  tag: string | null;
  /** The amount to send (what is still missing, once part has arrived); null: any amount. */
  amount: DecimalString | null;
}

/**
 * What render() needs, derived once per update in willUpdate(): the shell fills the shared part (config, currency,
 * price, or an error), the mode its target and settlement, and the shell then the target's URI and QR.
 */
export interface View {
  error: TerminalError | null;
  config: WidgetConfig | null;
  choices: WidgetCurrency[];
  selected: WidgetCurrency | null;
  /** The merchant's price (attributes first, then the token's checkout). */
  price: { amount: DecimalString; currency: string } | null;
  urlBack: string | null;
  /** The customer may go back to the currency choice: no `currency` attribute, more than one currency allowed. */
  canChangeCurrency: boolean;
  /** Set by the mode once it knows where to pay. */
  target: PaymentTarget | null;
  /** The target's wallet URI and its QR symbol: made once per update, when the payment kit has loaded. */
  uri: WalletUri | null;
  qr: QrPath | null;
  /** The payments seen, judged against the amount asked (address mode). */
  settlement: Settlement | null;
}

export const EMPTY_VIEW: View = {
  error: null,
  config: null,
  choices: [],
  selected: null,
  price: null,
  urlBack: null,
  canChangeCurrency: false,
  target: null,
  uri: null,
  qr: null,
  settlement: null,
};
