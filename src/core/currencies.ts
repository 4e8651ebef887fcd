/**
 * What the widget and the proxy know about currencies beyond CoinsPaid's own figures: the name a customer reads,
 * the chain of a multi-network token (a payment on the wrong chain is lost), whether a destination tag is
 * mandatory, and how a wallet URI for a QR code is spelled. The proxy merges name / network / requires_tag into
 * WidgetConfig; the element uses the URI part to build `bitcoin:`-style links.
 */

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

/** What a customer must be told about a currency. */
export interface CurrencyDisplay {
  /** Human name, e.g. "Tether USD". */
  name: string;
  /** Chain for multi-network tokens and account chains, e.g. "TRON (TRC-20)"; null where the coin is its own chain. */
  network: string | null;
  /** A destination tag / memo must accompany every deposit. */
  requires_tag: boolean;
  type: 'crypto' | 'fiat';
}

export type KnownCurrency = CurrencyDisplay & CurrencyUri;

/** USDT on Ethereum mainnet. */
export const USDT_ERC20_CONTRACT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';

// Two tables, so the browser bundle carries only the URI one (names and networks reach it from the proxy).
const URIS: Readonly<Record<string, CurrencyUri>> = {
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

const DISPLAY: Readonly<Record<string, CurrencyDisplay>> = {
  BTC: { name: 'Bitcoin', network: null, requires_tag: false, type: 'crypto' },
  LTC: { name: 'Litecoin', network: null, requires_tag: false, type: 'crypto' },
  BCH: { name: 'Bitcoin Cash', network: null, requires_tag: false, type: 'crypto' },
  DOGE: { name: 'Dogecoin', network: null, requires_tag: false, type: 'crypto' },
  ETH: { name: 'Ether', network: 'Ethereum', requires_tag: false, type: 'crypto' },
  USDTE: { name: 'Tether USD', network: 'Ethereum (ERC-20)', requires_tag: false, type: 'crypto' },
  USDTT: { name: 'Tether USD', network: 'TRON (TRC-20)', requires_tag: false, type: 'crypto' },
  XRP: { name: 'XRP', network: 'XRP Ledger', requires_tag: true, type: 'crypto' },
  BNB: { name: 'BNB', network: 'BNB Beacon Chain', requires_tag: true, type: 'crypto' },
  XLM: { name: 'Stellar Lumens', network: 'Stellar', requires_tag: true, type: 'crypto' },
  EOS: { name: 'EOS', network: 'EOS', requires_tag: true, type: 'crypto' },
  EUR: { name: 'Euro', network: null, requires_tag: false, type: 'fiat' },
  USD: { name: 'US Dollar', network: null, requires_tag: false, type: 'fiat' },
};

const own = (table: object, code: string) => Object.hasOwn(table, code);

/** How a wallet URI is built for `code`, if known; unknown currencies get a bare-address QR. */
export function currencyUri(code: string): CurrencyUri | undefined {
  return own(URIS, code) ? URIS[code] : undefined;
}

/** The catalogue entry of `code`, if known (for the proxy's WidgetConfig and for display). */
export function knownCurrency(code: string): KnownCurrency | undefined {
  return own(URIS, code) && own(DISPLAY, code) ? { ...DISPLAY[code]!, ...URIS[code]! } : undefined;
}
