import type { DecimalString } from '../core/api-types.js';
import type { WalletUri } from '../core/wallet-uri.js';
import type { OrderSettlement, WidgetConfig, WidgetCurrency } from '../core/wire.js';
import type { TerminalError } from './errors.js';
import type { QrPath } from './qr.js';

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
  /** The merchant's price: the token's (page attributes may only repeat it). */
  price: { amount: DecimalString; currency: string } | null;
  /** Where "Back to the shop" goes: `url-back` (or the token's), resolved against the page; http(s) only. */
  urlBack: string | null;
  /** The customer may go back to the currency choice: no `currency` attribute, more than one currency allowed. */
  canChangeCurrency: boolean;
  /** Set by the mode once it knows where to pay. */
  target: PaymentTarget | null;
  /** The target's wallet URI and its QR symbol: made once per update, when the payment kit has loaded. */
  uri: WalletUri | null;
  qr: QrPath | null;
  /** Where the checkout stands, as the proxy decided it (null until a mode follows one). */
  settlement: OrderSettlement | null;
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
