import type { CurrencyType } from './api-types.js';

/**
 * Every fact this package knows about a currency beyond CoinsPaid's live figures, each written once, in two tables
 * with the same keys:
 *  - CURRENCIES: what a customer is told and how CoinsPaid counts it (name, network, tag, type, precision). Read by
 *    the proxy (GET /config fills WidgetConfig's names, networks and tags from it where CoinsPaid's list is silent),
 *    by the sandbox (its currencies/list) and by the tests.
 *  - WALLET_URIS: how a wallet is asked to pay (URI kind, scheme, on-chain decimals, token contract). Read by the
 *    element (src/core/wallet-uri.ts) for QR codes and "Open in wallet" links.
 * Two tables rather than one because the browser bundle imports only the second: names and networks reach the element
 * from the proxy's /config, so they cost it no bytes, and a bundler drops the unused table. The compiler holds the two
 * together (WALLET_URIS is typed by CURRENCIES' keys): adding a coin is a row in each, here, plus its address rules in
 * src/core/address-validation/.
 */

/** What a customer must be told about a currency, and how CoinsPaid counts it. */
export interface CurrencyFacts {
  /** Human name, e.g. "Tether USD". */
  name: string;
  /** Chain for multi-network tokens and account chains, e.g. "TRON (TRC-20)"; null where the coin is its own chain. */
  network: string | null;
  /** A destination tag / memo must accompany every deposit (a payment without it is lost or delayed). */
  requires_tag: boolean;
  type: CurrencyType;
  /** Decimals CoinsPaid states amounts in (its currencies/list `precision`; the live list wins where they differ). */
  precision: number;
}

/**
 * How a wallet URI is built for a currency:
 * - `bip21`: `<scheme>:<address>?amount=<decimal>` (Bitcoin and its family; CashAddr carries its own prefix).
 * - `eip681-native`: `ethereum:<address>?value=<wei>`.
 * - `erc20`: `ethereum:<contract>/transfer?address=<recipient>&uint256=<smallest units>`.
 * - `xrp`: wallets disagree on the scheme, so the bare address (with `?dt=<tag>`); the tag is always shown apart.
 * - `bare`: no widely supported URI (TRON): the address alone; the amount is shown as text.
 */
export type UriKind = 'bip21' | 'eip681-native' | 'erc20' | 'xrp' | 'bare';

/** How wallets are asked to pay in a currency: what a wallet URI needs. */
export interface CurrencyUri {
  uri: UriKind;
  /** Decimals of the smallest unit on chain (satoshi 8, wei 18, USDT 6): for integer URI amounts. */
  decimals: number;
  /** URI scheme for `bip21` (`bitcoin`, `litecoin`, …). */
  scheme?: string;
  /** Token contract for `erc20`. */
  contract?: string;
  /**
   * The QR may carry the scheme and address upper-cased, for the denser alphanumeric mode: only where both are
   * case-insensitive (BIP21 scheme + bech32 address; see BTCPay #4553).
   */
  uppercaseQr?: boolean;
}

export type KnownCurrency = CurrencyFacts & CurrencyUri;

/** USDT on Ethereum mainnet. */
export const USDT_ERC20_CONTRACT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';

export const CURRENCIES = {
  BTC: { name: 'Bitcoin', network: null, requires_tag: false, type: 'crypto', precision: 8 },
  LTC: { name: 'Litecoin', network: null, requires_tag: false, type: 'crypto', precision: 8 },
  BCH: { name: 'Bitcoin Cash', network: null, requires_tag: false, type: 'crypto', precision: 8 },
  DOGE: { name: 'Dogecoin', network: null, requires_tag: false, type: 'crypto', precision: 8 },
  ETH: { name: 'Ether', network: 'Ethereum', requires_tag: false, type: 'crypto', precision: 8 },
  USDTE: { name: 'Tether USD', network: 'Ethereum (ERC-20)', requires_tag: false, type: 'crypto', precision: 6 },
  USDTT: { name: 'Tether USD', network: 'TRON (TRC-20)', requires_tag: false, type: 'crypto', precision: 6 },
  XRP: { name: 'XRP', network: 'XRP Ledger', requires_tag: true, type: 'crypto', precision: 6 },
  BNB: { name: 'BNB', network: 'BNB Beacon Chain', requires_tag: true, type: 'crypto', precision: 8 },
  XLM: { name: 'Stellar Lumens', network: 'Stellar', requires_tag: true, type: 'crypto', precision: 7 },
  EOS: { name: 'EOS', network: 'EOS', requires_tag: true, type: 'crypto', precision: 4 },
  EUR: { name: 'Euro', network: null, requires_tag: false, type: 'fiat', precision: 2 },
  USD: { name: 'US Dollar', network: null, requires_tag: false, type: 'fiat', precision: 2 },
} as const satisfies Record<string, CurrencyFacts>;

export type KnownCurrencyCode = keyof typeof CURRENCIES;

export const WALLET_URIS: Readonly<Record<KnownCurrencyCode, CurrencyUri>> = {
  BTC: { uri: 'bip21', decimals: 8, scheme: 'bitcoin', uppercaseQr: true },
  LTC: { uri: 'bip21', decimals: 8, scheme: 'litecoin' },
  BCH: { uri: 'bip21', decimals: 8, scheme: 'bitcoincash' },
  DOGE: { uri: 'bip21', decimals: 8, scheme: 'dogecoin' },
  ETH: { uri: 'eip681-native', decimals: 18 },
  USDTE: { uri: 'erc20', decimals: 6, contract: USDT_ERC20_CONTRACT },
  USDTT: { uri: 'bare', decimals: 6 },
  XRP: { uri: 'xrp', decimals: 6 },
  BNB: { uri: 'bare', decimals: 8 },
  XLM: { uri: 'bare', decimals: 7 },
  EOS: { uri: 'bare', decimals: 4 },
  EUR: { uri: 'bare', decimals: 2 },
  USD: { uri: 'bare', decimals: 2 },
};

/** True for a code of the tables (never for `toString` and other inherited names). */
export function isKnownCurrency(code: string): code is KnownCurrencyCode {
  return Object.hasOwn(CURRENCIES, code);
}

/** How a wallet URI is built for `code`, if known; unknown currencies get a bare-address QR. */
export function currencyUri(code: string): CurrencyUri | undefined {
  return Object.hasOwn(WALLET_URIS, code) ? WALLET_URIS[code as KnownCurrencyCode] : undefined;
}

/** What a customer is told about `code` and how CoinsPaid counts it, if known. */
export function currencyFacts(code: string): CurrencyFacts | undefined {
  return isKnownCurrency(code) ? CURRENCIES[code] : undefined;
}

/** Both tables' entries of `code`, if known. */
export function knownCurrency(code: string): KnownCurrency | undefined {
  return isKnownCurrency(code) ? { ...CURRENCIES[code], ...WALLET_URIS[code] } : undefined;
}
