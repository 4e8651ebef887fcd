import type { DecimalString, CryptoAddress, Invoice } from '../core/api-types.js';
import type { OrderSettlement, PaymentEvent, RateQuote } from '../core/wire.js';
import type { TerminalErrorCode } from './errors.js';
import type { PayoutAddressEvent } from './payout-address-form/payout-address-form.component.js';

/** The element's state, reflected as its `status` attribute: `coinspaid-terminal[status="confirmed"]`. */
export type TerminalStatus =
  /** Asking the proxy for the configuration, a rate, an address or a terminal link. */
  | 'loading'
  /** The customer chooses a currency. */
  | 'choosing'
  /** Terminal mode: the link or iframe is ready. */
  | 'ready'
  /** The address is shown; no payment seen yet. */
  | 'waiting'
  /** A payment is on the network, not yet confirmed. */
  | 'not_confirmed'
  /** The order is paid (the proxy's settlement says so): the receipt is shown. */
  | 'confirmed'
  /** Confirmed payments are worth less than the price: only the remainder is asked for (or, where it cannot be sent,
   * the customer is told the shop receives less). */
  | 'underpaid'
  /** Every payment seen was cancelled (a double spend): the customer may send again. */
  | 'cancelled'
  /** The time to pay ran out before the order was paid. */
  | 'expired'
  | 'error';

/** What a copy button copied. */
export type CopyTarget = 'address' | 'amount' | 'tag' | 'uri' | 'txid';

/** Every event of the element: prefixed, bubbling and composed (it leaves the shadow root), with a typed detail. */
export class TerminalEvent<T> extends CustomEvent<T> {
  constructor(type: `coinspaid-${string}`, detail: T) {
    super(type, { bubbles: true, composed: true, detail });
  }
}

export interface AddressReadyDetail {
  address: CryptoAddress;
  /** The wallet URI encoded in the QR (before any QR-only upper-casing). */
  uri: string;
  /** The crypto amount asked for, when there is a price. */
  amount: DecimalString | null;
}
/** An address was issued and is on screen. */
export class AddressReadyEvent extends TerminalEvent<AddressReadyDetail> {
  constructor(detail: AddressReadyDetail) {
    super('coinspaid-address-ready', detail);
  }
}

export interface InvoiceReadyDetail {
  /** The invoice as CoinsPaid created it: id, hosted page `url` (opaque), amounts, `release_at`. */
  invoice: Invoice;
}
/** Invoice mode: the token's invoice exists and is on screen. */
export class InvoiceReadyEvent extends TerminalEvent<InvoiceReadyDetail> {
  constructor(detail: InvoiceReadyDetail) {
    super('coinspaid-invoice-ready', detail);
  }
}

export interface RedirectDetail {
  /** The invoice's url_success or url_failed. */
  url: string;
  outcome: 'success' | 'failed';
}
/** Invoice mode with `redirect`: about to leave for the merchant's page; cancelable (preventDefault keeps the page). */
export class RedirectEvent extends CustomEvent<RedirectDetail> {
  constructor(detail: RedirectDetail) {
    super('coinspaid-redirect', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

export interface RateUpdatedDetail {
  quote: RateQuote;
  /** The crypto amount at this rate, rounded up to the currency's precision. */
  amount: DecimalString;
  currency: string;
}
/** A new rate arrived (first, or after the previous one's fix period ran out); the amount and QR follow it. */
export class RateUpdatedEvent extends TerminalEvent<RateUpdatedDetail> {
  constructor(detail: RateUpdatedDetail) {
    super('coinspaid-rate-updated', detail);
  }
}

export interface StatusChangedDetail {
  status: TerminalStatus;
  previous: TerminalStatus;
  /** The payment event behind the change, when there is one. */
  payment: PaymentEvent | null;
}
/** `status` changed. */
export class StatusChangedEvent extends TerminalEvent<StatusChangedDetail> {
  constructor(detail: StatusChangedDetail) {
    super('coinspaid-status-changed', detail);
  }
}

export interface PaidDetail {
  /** The latest payment event (null when the checkout was already paid when the element loaded and no event replayed). */
  payment: PaymentEvent | null;
  /** The blockchain transaction that paid (the last counted one of the settlement), for the customer to look up. */
  txid: string | null;
  /** The proxy's settlement of the order: the same object the shop's server was told. */
  settlement: OrderSettlement;
}
/** The order is paid (the proxy's settlement says `paid`): final. Fired once. */
export class PaidEvent extends TerminalEvent<PaidDetail> {
  constructor(detail: PaidDetail) {
    super('coinspaid-paid', detail);
  }
}

export interface ExpiredDetail {
  /** Unix seconds when the checkout expired. */
  expiredAt: number;
}
/** The checkout's time ran out before a payment was seen. */
export class ExpiredEvent extends TerminalEvent<ExpiredDetail> {
  constructor(detail: ExpiredDetail) {
    super('coinspaid-expired', detail);
  }
}

export interface RestartDetail {
  /** The merchant's order, from the checkout token; null for a checkout without one. */
  orderId: string | null;
  /** Where the element goes when nobody prevents this event (`url-back`, resolved against the page); null for none. */
  urlBack: string | null;
}
/**
 * The customer asked to start again after the time to pay ran out. Cancelable: a page that can mint a new checkout
 * token calls `preventDefault()` and sets `token`; otherwise the element goes to `url-back` (or loads the page again).
 */
export class RestartEvent extends CustomEvent<RestartDetail> {
  constructor(detail: RestartDetail) {
    super('coinspaid-restart', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

export interface ErrorDetail {
  code: TerminalErrorCode;
  message: string;
  /** The proxy's field errors, when it sent any. */
  errors: Readonly<Record<string, string>>;
  retryable: boolean;
}
/** The element shows an error state. */
export class TerminalErrorEvent extends TerminalEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super('coinspaid-error', detail);
  }
}

export interface CopyDetail {
  what: CopyTarget;
  value: string;
}
/** The customer copied something with a copy button (or the QR). */
export class CopyEvent extends TerminalEvent<CopyDetail> {
  constructor(detail: CopyDetail) {
    super('coinspaid-copy', detail);
  }
}

/** Every event the element fires (a part it renders included), by name: the one list the others derive from (the
 * React props, the iframe bridge, the global event map). The element's `@fires` tags repeat it for the manifest;
 * test/node/manifest.test.ts holds them equal. */
export interface TerminalEventMap {
  'coinspaid-address-ready': AddressReadyEvent;
  'coinspaid-invoice-ready': InvoiceReadyEvent;
  'coinspaid-redirect': RedirectEvent;
  'coinspaid-rate-updated': RateUpdatedEvent;
  'coinspaid-status-changed': StatusChangedEvent;
  'coinspaid-paid': PaidEvent;
  'coinspaid-expired': ExpiredEvent;
  'coinspaid-restart': RestartEvent;
  'coinspaid-error': TerminalErrorEvent;
  'coinspaid-copy': CopyEvent;
  'coinspaid-payout-address': PayoutAddressEvent;
}

export type TerminalEventName = keyof TerminalEventMap;

/** The names of TerminalEventMap as a value, in the same order. */
export const EVENT_NAMES = [
  'coinspaid-address-ready',
  'coinspaid-invoice-ready',
  'coinspaid-redirect',
  'coinspaid-rate-updated',
  'coinspaid-status-changed',
  'coinspaid-paid',
  'coinspaid-expired',
  'coinspaid-restart',
  'coinspaid-error',
  'coinspaid-copy',
  'coinspaid-payout-address',
] as const satisfies readonly TerminalEventName[];

// A name in the map but not in the list would be dropped by the iframe bridge and missing from the React props.
type Unlisted = Exclude<TerminalEventName, (typeof EVENT_NAMES)[number]>;
const everyEventListed: [Unlisted] extends [never] ? true : { missing: Unlisted } = true;
void everyEventListed;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends TerminalEventMap {}
}
