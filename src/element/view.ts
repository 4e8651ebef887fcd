import type { DecimalString } from '../core/api-types.js';
import type { WalletUri } from '../core/wallet-uri.js';
import type { AddressGrant, RateQuote, TerminalUrlGrant, WidgetConfig, WidgetCurrency } from '../core/wire.js';
import type { TerminalError } from './errors.js';
import type { Settlement } from './settlement.js';

/** Everything render() needs, derived once per update in willUpdate() from properties and task results. */
export interface View {
  error: TerminalError | null;
  config: WidgetConfig | null;
  choices: WidgetCurrency[];
  selected: WidgetCurrency | null;
  /** The merchant's price (attributes first, then the token's checkout). */
  price: { amount: DecimalString; currency: string } | null;
  /** Needs a rate: the price is in another currency than the one paid in. */
  rateFrom: string | null;
  rateTo: string | null;
  quote: RateQuote | null;
  cryptoAmount: DecimalString | null;
  minimum: DecimalString | null;
  grant: AddressGrant | null;
  uri: WalletUri | null;
  terminal: TerminalUrlGrant | null;
  urlBack: string | null;
  /** A currency the address may be taken in: chosen, allowed, its amount known and above the minimum. */
  payable: string | null;
  /** Address mode: the payments seen, judged against the amount asked. */
  settlement: Settlement | null;
}

export const EMPTY_VIEW: View = {
  error: null,
  config: null,
  choices: [],
  selected: null,
  price: null,
  rateFrom: null,
  rateTo: null,
  quote: null,
  cryptoAmount: null,
  minimum: null,
  grant: null,
  uri: null,
  terminal: null,
  urlBack: null,
  payable: null,
  settlement: null,
};
