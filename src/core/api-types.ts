/**
 * Types of CoinsPaid API v2 as documented in the reference (`shared/coinspaid-api-v2.md`) and the notes beside it.
 * Amounts are decimal strings end to end; timestamps are Unix seconds.
 */

/** A decimal number carried as a string, e.g. `"0.00100000"`. Never a JS number. */
export type DecimalString = string;
/** Unix time in whole seconds. */
export type UnixSeconds = number;

export type CurrencyType = 'crypto' | 'fiat';

export interface Currency {
  id: number;
  type: CurrencyType;
  currency: string;
  minimum_amount: DecimalString;
  deposit_fee_percent: DecimalString;
  withdrawal_fee_percent: DecimalString;
  precision: number;
  /** Present in the sandbox (and newer payloads) for tokens living on a specific chain, e.g. "TRON (TRC-20)". */
  network?: string;
  /** Present in the sandbox: the currency needs a destination tag / memo. */
  requires_tag?: boolean;
  /** Visible to customers (`visible` filter of currencies/list). */
  is_visible?: boolean;
}

export interface CurrenciesListRequest {
  visible?: boolean;
}

export interface PairSide {
  currency: string;
  type: CurrencyType;
  min_amount?: DecimalString;
  min_amount_deposit_with_exchange?: DecimalString;
}

export interface CurrencyPair {
  currency_from: PairSide;
  currency_to: PairSide;
  rate_from: DecimalString;
  rate_to: DecimalString;
}

export interface PairsRequest {
  currency_from?: string;
  currency_to?: string;
}
export type RatesRequest = PairsRequest;

export interface AccountBalance {
  currency: string;
  type: CurrencyType;
  balance: DecimalString;
}

export interface TakeAddressRequest {
  foreign_id: string;
  currency: string;
  convert_to?: string;
}

export interface CryptoAddress {
  id: number;
  currency: string;
  convert_to: string | null;
  address: string;
  tag: string | null;
  foreign_id: string;
}

export interface WithdrawalRequest {
  foreign_id: string;
  amount: DecimalString;
  currency: string;
  convert_to?: string;
  address: string;
  tag?: string;
}

export interface Withdrawal {
  id: number;
  foreign_id: string;
  type: 'withdrawal' | 'withdrawal_exchange';
  status: string;
  amount: DecimalString;
  sender_amount: DecimalString;
  sender_currency: string;
  receiver_amount: DecimalString;
  receiver_currency: string;
}

export type ExchangeCalculateRequest = {
  sender_currency: string;
  receiver_currency: string;
} & ({ sender_amount: DecimalString; receiver_amount?: undefined } | { receiver_amount: DecimalString; sender_amount?: undefined });

export interface ExchangeCalculation {
  sender_amount: DecimalString;
  sender_currency: string;
  receiver_amount: DecimalString;
  receiver_currency: string;
  fee_amount: DecimalString;
  fee_currency: string;
  price: DecimalString;
  ts_fixed: UnixSeconds;
  ts_release: UnixSeconds;
  fix_period: number;
}

export interface ExchangeFixedRequest {
  sender_currency: string;
  receiver_currency: string;
  sender_amount: DecimalString;
  foreign_id: string;
  price: DecimalString;
}

export interface ExchangeNowRequest {
  sender_currency: string;
  receiver_currency: string;
  sender_amount: DecimalString;
  foreign_id: string;
}

export interface Exchange {
  id: number;
  foreign_id: string;
  type: 'exchange';
  sender_amount: DecimalString;
  sender_currency: string;
  receiver_amount: DecimalString;
  receiver_currency: string;
  fee_amount: DecimalString;
  fee_currency: string;
  price: DecimalString;
  status: string;
}

export interface FuturesRatesRequest {
  address: string;
}

export interface FuturesRates {
  addresses: CryptoAddress[];
  ts_fixed: UnixSeconds;
  ts_release: UnixSeconds;
  /** Keyed by pair (`"BTCUSD"`), then by receiver amount (`"5.00000000"`) → price. */
  rates: Record<string, Record<DecimalString, DecimalString>>;
}

export interface FuturesConfirmRequest {
  address: string;
  sender_currency: string;
  receiver_currency: string;
  receiver_amount: DecimalString;
}

export interface FuturesConfirmation {
  futures_id: number;
  sender_currency: string;
  receiver_currency: string;
  fee_currency: string;
  price: DecimalString;
  address: CryptoAddress;
  sender_amount: DecimalString;
  receiver_amount: DecimalString;
  fee_amount: DecimalString;
  ts_fixed: UnixSeconds;
  ts_release: UnixSeconds;
}

export interface InvoiceCreateRequest {
  timer: boolean;
  title: string;
  description?: string;
  currency: string;
  sender_currency?: string;
  amount: DecimalString;
  foreign_id: string;
  url_success: string;
  url_failed: string;
  email_user: string;
}

export type InvoiceStatus = 'created' | 'pending' | 'processing' | 'confirmed' | 'failed';

export interface Invoice {
  id: number;
  /** CoinsPaid's hosted invoice page. Opaque: never parse it. */
  url: string;
  foreign_id: string;
  name: string;
  status: InvoiceStatus;
  currency: string;
  amount: DecimalString;
  sender_currency: string | null;
  sender_amount: DecimalString | null;
  fixed_at: UnixSeconds;
  release_at: UnixSeconds;
  /** Sandbox extras (CoinsPaid shows them on the hosted page): where to pay, when the sender currency is fixed. */
  address?: string | null;
  tag?: string | null;
}

/** Deposit / withdrawal transaction statuses (reference, "Transaction statuses"). */
export type TransactionStatus = 'not_confirmed' | 'confirmed' | 'cancelled' | 'pending';

export type CallbackType = 'deposit' | 'deposit_exchange' | 'withdrawal' | 'withdrawal_exchange' | 'exchange' | 'invoice';
export const CALLBACK_TYPES: readonly CallbackType[] = [
  'deposit',
  'deposit_exchange',
  'withdrawal',
  'withdrawal_exchange',
  'exchange',
  'invoice',
];

export interface CallbackTransaction {
  id: number;
  currency: string;
  currency_to?: string;
  transaction_type: 'blockchain' | 'exchange' | 'internal' | (string & {});
  type: string;
  address: string;
  tag: string | null;
  amount: DecimalString;
  amount_to?: DecimalString;
  txid: string;
  riskscore?: string;
  confirmations: number;
}

export interface CallbackFee {
  type: string;
  currency: string;
  amount: DecimalString;
}

/** A verified callback, normalized: amounts as decimal strings, confirmations as numbers. */
export interface CallbackPayload {
  id: number;
  type: CallbackType;
  status: string;
  error: string;
  foreign_id: string | null;
  crypto_address?: CryptoAddress;
  currency_sent?: { currency: string; amount: DecimalString; remaining_amount?: DecimalString };
  currency_received?: { currency: string; amount: DecimalString; amount_minus_fee?: DecimalString };
  transactions: CallbackTransaction[];
  fees: CallbackFee[];
  fixed_at?: UnixSeconds;
  expires_at?: UnixSeconds;
  end_user_reference?: string;
}

/** CoinsPaid's validation error body. */
export interface ValidationErrorBody {
  errors: Record<string, string>;
}

/** Payment Terminal parameters (reference: "Payment terminal JSON parameters"). */
export interface TerminalParams {
  client_id: number;
  currency: string;
  amount?: DecimalString;
  convert_to?: string;
  is_iframe?: boolean;
  /** A string, or a number as in the terminal documentation's own example (`"foreign_id":111`). */
  foreign_id: string | number;
  url_back?: string;
}
