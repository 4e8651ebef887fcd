/**
 * The wire contract between `<coinspaid-terminal>` and the proxy (`createTerminalProxy`). Both sides import these
 * types; changing one is a breaking change for merchants who run an older widget against a newer proxy.
 *
 * The widget's API requests carry the checkout token as `Authorization: Bearer <token>`. The status stream and poll
 * are authorized by the capability issued with the address or invoice instead, because `EventSource` cannot send
 * headers; the embed page takes the token in its query, because a frame's URL is all the framing page controls.
 *
 * Routes, relative to the proxy's mount point (e.g. `/coinspaid`):
 *   GET  /config                                   → WidgetConfig
 *   GET  /rates?from=BTC&to=EUR[&amount=0.5]       → RateQuote
 *   POST /addresses       AddressRequest           → AddressGrant
 *   POST /invoices        InvoiceRequest           → InvoiceGrant (the same one again for the same checkout)
 *   POST /futures/rates   FuturesRatesBody         → FuturesRatesGrant (of the token's exchange address)
 *   POST /futures/confirm FuturesConfirmBody       → FuturesGrant
 *   POST /terminal-url    TerminalUrlRequest       → TerminalUrlGrant
 *   GET  /follow/:capability?after=ID              → PaymentPoll           (polling fallback)
 *   GET  /follow/:capability/stream                → text/event-stream of `payment` events, `id:` = PaymentEvent.id
 *   GET  /embed?token=…&parent=…&<attributes>      → an HTML page hosting the element, for an iframe
 *   GET  /embed/<file>.js                          → the element's script build that page loads
 *   POST /callback                                 ← CoinsPaid only (signed; never a widget)
 * Errors of every route: ProxyErrorBody.
 */
import type {
  CryptoAddress,
  CurrencyType,
  DecimalString,
  FuturesConfirmation,
  FuturesRates,
  Invoice,
  InvoiceStatus,
  UnixSeconds,
} from './api-types.js';
import type { Settlement } from './settlement.js';

export type { FuturesConfirmation, FuturesRates };
export type { Money, Settlement, SettlementPayment, SettlementStatus } from './settlement.js';

/**
 * Where a checkout stands, as the proxy decided it (src/core/settlement.ts): the same object reaches the merchant's
 * `onCallback`, the webhooks and the widget, so the shop's server and the customer's screen never disagree.
 */
export interface OrderSettlement extends Settlement {
  /** The proxy's id of the checkout: `o:<order_id>` for an order, `t:<…>` for a token without one. */
  checkout_id: string;
  /** The merchant's order, from the checkout token; null for a checkout without one (an account top-up). */
  order_id: string | null;
  /** Unix seconds of the deadline to pay (the token's expiry; a fixed rate's or an invoice's end); null for none. */
  deadline: UnixSeconds | null;
}

/** A currency as the widget shows it: CoinsPaid's figures plus what a customer must know (network, tag). */
export interface WidgetCurrency {
  currency: string;
  /** Human name, e.g. "Tether USD". */
  name: string;
  /** Chain for multi-network tokens, e.g. "TRON (TRC-20)"; null where the currency is its own chain. */
  network: string | null;
  type: CurrencyType;
  precision: number;
  min_amount: DecimalString;
  deposit_fee_percent: DecimalString;
  /** A destination tag / memo must accompany every deposit. */
  requires_tag: boolean;
  /**
   * What the smallest deposit this checkout accepts in this currency is worth in the price's currency (an estimate
   * from CoinsPaid's indicative rates, rounded up); null without a price, or when unknown. A currency whose minimum is
   * worth more than the price cannot pay it: the widget offers it disabled, with the reason.
   */
  minimum_value: DecimalString | null;
}

export interface WidgetPair {
  from: string;
  to: string;
  min_amount: DecimalString | null;
  min_amount_deposit_with_exchange: DecimalString | null;
}

/** What the widget may know of its checkout token (never the foreign_id's secrets: only what it displays). */
export interface CheckoutView {
  /** The merchant's order this checkout pays, from the token; null for an open amount (a top-up). */
  order_id: string | null;
  /** Currencies the customer may pay in; null = every visible currency. */
  currencies: string[] | null;
  convert_to: string | null;
  amount: DecimalString | null;
  amount_currency: string | null;
  url_back: string | null;
  /** Unix seconds when the token expires. */
  expires_at: UnixSeconds;
  /** Invoice checkouts: what the merchant fixed (never the customer's email). */
  invoice: CheckoutInvoiceView | null;
}

export interface CheckoutInvoiceView {
  title: string;
  description: string | null;
  /** 15-minute fixed rate (true) or no time limit. */
  timer: boolean;
  sender_currency: string | null;
  url_success: string;
  url_failed: string;
}

export interface WidgetConfig {
  currencies: WidgetCurrency[];
  pairs: WidgetPair[];
  checkout: CheckoutView;
}

/** A rate for one pair, fixed by CoinsPaid between ts_fixed and ts_release; the same for every widget. */
export interface RateQuote {
  from: string;
  to: string;
  /** Units of `to` for one unit of `from`. */
  price: DecimalString;
  ts_fixed: UnixSeconds;
  ts_release: UnixSeconds;
  fix_period: number;
  /** True when CoinsPaid could not be asked and this is the last good rate, past its window. */
  stale: boolean;
}

export interface AddressRequest {
  currency: string;
  convert_to?: string;
}

/** How to follow a payment's status. Relative URLs resolve against the proxy base. */
export interface FollowHandle {
  capability: string;
  stream: string;
  poll: string;
}

export interface AddressGrant {
  address: CryptoAddress;
  follow: FollowHandle;
  /** Where this checkout stands now: a reload of a page whose payment was already seen continues from it. */
  settlement: OrderSettlement;
}

export interface InvoiceRequest {
  /** The currency the customer pays in, when the token lets the customer choose. */
  sender_currency?: string;
}

export interface InvoiceGrant {
  invoice: Invoice;
  follow: FollowHandle;
  settlement: OrderSettlement;
}

/** `POST /futures/rates`: CoinsPaid's fixed rates for the token's exchange address, and how to follow it. */
export interface FuturesRatesGrant extends FuturesRates {
  follow: FollowHandle;
}

/** `POST /futures/confirm`: the confirmed fixed price, its address and amounts, and how to follow payments to it. */
export interface FuturesGrant extends FuturesConfirmation {
  follow: FollowHandle;
  settlement: OrderSettlement;
}

export interface FuturesRatesBody {
  currency: string;
}

export interface FuturesConfirmBody {
  sender_currency: string;
  receiver_currency: string;
  receiver_amount: DecimalString;
}

export interface TerminalUrlRequest {
  currency: string;
  amount?: DecimalString;
  convert_to?: string;
  is_iframe?: boolean;
  url_back?: string;
}

export interface TerminalUrlGrant {
  url: string;
  /** The address behind the link: the terminal shows the one addresses/take gives for the same foreign_id + currency. */
  address: CryptoAddress;
  /** How to follow payments to that address. */
  follow: FollowHandle;
  settlement: OrderSettlement;
}

export type DepositStatus = 'waiting' | 'not_confirmed' | 'confirmed' | 'cancelled';
export type PaymentStatus = DepositStatus | InvoiceStatus;

/** One status change of a payment to a followed checkout, as published from a verified callback. */
export interface PaymentEvent {
  /** Increasing per followed checkout, also across a store that lost its data; SSE `id:` and `Last-Event-ID`. */
  id: string;
  kind: 'deposit' | 'invoice';
  status: PaymentStatus;
  /** CoinsPaid's transaction (or invoice) id: one payment may emit several events. */
  payment_id: number;
  /** What the customer sent. */
  sent: { currency: string; amount: DecimalString } | null;
  /** Invoices: what is still to pay in the sender currency, when CoinsPaid says (partial payments). */
  remaining: DecimalString | null;
  /** Invoices: when the invoice now expires (moves to 24 h once a payment is seen). */
  expires_at: UnixSeconds | null;
  /** What the merchant received after conversion, when converted. */
  received: { currency: string; amount: DecimalString } | null;
  txid: string | null;
  confirmations: number | null;
  /** CoinsPaid's error text (invoices: why it failed); empty when none. */
  error: string;
  /** Unix seconds when the proxy published it. */
  at: UnixSeconds;
  /** The checkout's settlement after this payment: what the screen shows (null only for events of older proxies). */
  settlement: OrderSettlement | null;
}

export interface PaymentPoll {
  events: PaymentEvent[];
}

/** Stable codes for the proxy's error answers, next to CoinsPaid-style `errors`. */
export type ProxyErrorCode =
  | 'token_missing'
  | 'token_invalid'
  | 'token_expired'
  | 'forbidden_by_token'
  | 'validation'
  | 'rate_limited'
  | 'rate_unavailable'
  | 'upstream_unavailable'
  | 'not_found'
  | 'origin_not_allowed'
  | 'payload_too_large'
  /** The order already has payments and a newer token asks another amount for it. */
  | 'order_conflict'
  // Answers to CoinsPaid on /callback, never seen by a widget:
  | 'callback_rejected'
  | 'callback_in_progress'
  | 'callback_handler_failed';

export interface ProxyErrorBody {
  errors: Record<string, string>;
  code: ProxyErrorCode;
}
