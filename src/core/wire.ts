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

export type { FuturesConfirmation, FuturesRates };

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
}

export interface WidgetPair {
  from: string;
  to: string;
  min_amount: DecimalString | null;
  min_amount_deposit_with_exchange: DecimalString | null;
}

/** What the widget may know of its checkout token (never the foreign_id's secrets: only what it displays). */
export interface CheckoutView {
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
}

export interface InvoiceRequest {
  /** The currency the customer pays in, when the token lets the customer choose. */
  sender_currency?: string;
}

export interface InvoiceGrant {
  invoice: Invoice;
  follow: FollowHandle;
}

/** `POST /futures/rates`: CoinsPaid's fixed rates for the token's exchange address, and how to follow it. */
export interface FuturesRatesGrant extends FuturesRates {
  follow: FollowHandle;
}

/** `POST /futures/confirm`: the confirmed fixed price, its address and amounts, and how to follow payments to it. */
export interface FuturesGrant extends FuturesConfirmation {
  follow: FollowHandle;
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
}

export type DepositStatus = 'waiting' | 'not_confirmed' | 'confirmed' | 'cancelled';
export type PaymentStatus = DepositStatus | InvoiceStatus;

/** One status change of a followed address or invoice, as published from a verified callback. */
export interface PaymentEvent {
  /** Monotonic per followed payment; SSE `id:` and `Last-Event-ID`. */
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
  // Answers to CoinsPaid on /callback, never seen by a widget:
  | 'callback_rejected'
  | 'callback_in_progress'
  | 'callback_handler_failed';

export interface ProxyErrorBody {
  errors: Record<string, string>;
  code: ProxyErrorCode;
}
