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

export interface KnownCurrency {
  /** Human name, e.g. "Tether USD". */
  name: string;
  /** Chain for multi-network tokens and account chains, e.g. "TRON (TRC-20)"; null where the coin is its own chain. */
  network: string | null;
  /** A destination tag / memo must accompany every deposit. */
  requires_tag: boolean;
  type: 'crypto' | 'fiat';
  /** Decimals of the smallest unit on chain (satoshi 8, wei 18, USDT 6): for integer URI amounts. */
  decimals: number;
  uri: UriKind;
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

/** USDT on Ethereum mainnet. */
export const USDT_ERC20_CONTRACT = '0xdAC17F958D2ee523a2206206994597C13D831ec7';

export const CURRENCIES: Readonly<Record<string, KnownCurrency>> = {
  BTC: { name: 'Bitcoin', network: null, requires_tag: false, type: 'crypto', decimals: 8, uri: 'bip21', scheme: 'bitcoin', uppercaseQr: true },
  LTC: { name: 'Litecoin', network: null, requires_tag: false, type: 'crypto', decimals: 8, uri: 'bip21', scheme: 'litecoin' },
  BCH: { name: 'Bitcoin Cash', network: null, requires_tag: false, type: 'crypto', decimals: 8, uri: 'bip21', scheme: 'bitcoincash' },
  DOGE: { name: 'Dogecoin', network: null, requires_tag: false, type: 'crypto', decimals: 8, uri: 'bip21', scheme: 'dogecoin' },
  ETH: { name: 'Ether', network: 'Ethereum', requires_tag: false, type: 'crypto', decimals: 18, uri: 'eip681-native' },
  USDTE: { name: 'Tether USD', network: 'Ethereum (ERC-20)', requires_tag: false, type: 'crypto', decimals: 6, uri: 'erc20', contract: USDT_ERC20_CONTRACT },
  USDTT: { name: 'Tether USD', network: 'TRON (TRC-20)', requires_tag: false, type: 'crypto', decimals: 6, uri: 'bare' },
  XRP: { name: 'XRP', network: 'XRP Ledger', requires_tag: true, type: 'crypto', decimals: 6, uri: 'xrp' },
  BNB: { name: 'BNB', network: 'BNB Beacon Chain', requires_tag: true, type: 'crypto', decimals: 8, uri: 'bare' },
  XLM: { name: 'Stellar Lumens', network: 'Stellar', requires_tag: true, type: 'crypto', decimals: 7, uri: 'bare' },
  EOS: { name: 'EOS', network: 'EOS', requires_tag: true, type: 'crypto', decimals: 4, uri: 'bare' },
  EUR: { name: 'Euro', network: null, requires_tag: false, type: 'fiat', decimals: 2, uri: 'bare' },
  USD: { name: 'US Dollar', network: null, requires_tag: false, type: 'fiat', decimals: 2, uri: 'bare' },
};

/** The catalogue entry of `code`, if known. Unknown currencies still work: bare-address QR, name = code. */
export function knownCurrency(code: string): KnownCurrency | undefined {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, code) ? CURRENCIES[code] : undefined;
}
