import type { DecimalString } from './api-types.js';
import { toSmallestUnit } from './decimal.js';
import { trimDecimal } from './decimal-format.js';
import { currencyUri } from './currencies.js';

/**
 * Wallet URIs for deposit QR codes and "Open in wallet" links. Pure functions: amounts are decimal strings written
 * with `.` and no grouping whatever the page's language; integer units (wei, token units) by decimal arithmetic.
 */

export interface WalletUriInput {
  currency: string;
  address: string;
  /** The amount to pay in `currency`, a decimal string; omitted from the URI when null. */
  amount?: DecimalString | null;
  /** Destination tag / memo, when the currency has one. */
  tag?: string | null;
}

export interface WalletUri {
  /** What a wallet opens: the link target and copy text. */
  uri: string;
  /** What goes into the QR: `uri`, or an upper-cased equivalent where the scheme allows the denser mode. */
  qr: string;
  /** True when `uri` has a scheme a wallet app registers (bitcoin:, ethereum:): worth an "Open in wallet" link. */
  openable: boolean;
}

/** Characters any chain's address uses; anything else (markup, spaces, `?`) means "do not put it in a URI". */
const SAFE_ADDRESS = /^[A-Za-z0-9]+(:[A-Za-z0-9]+)?$/;
const ETH_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BECH32_LOWER = /^[a-z]{2,4}1[02-9ac-hj-np-z]+$/;

/**
 * The wallet URI of a deposit. Where no standard applies, or the address does not look like one, the QR carries the
 * bare address (it is still the right thing to scan into a wallet's "send to" field) and nothing is openable.
 */
export function walletUri({ currency, address, amount = null, tag = null }: WalletUriInput): WalletUri {
  const bare: WalletUri = { uri: address, qr: address, openable: false };
  const known = currencyUri(currency);
  if (!known || !SAFE_ADDRESS.test(address)) return bare;
  const value = amount ? trimDecimal(amount) : null;
  switch (known.uri) {
    case 'bip21': {
      const scheme = known.scheme ?? currency.toLowerCase();
      // CashAddr addresses carry the scheme as their prefix already (bitcoincash:qp…).
      const body = address.toLowerCase().startsWith(`${scheme}:`) ? address.slice(scheme.length + 1) : address;
      if (body.includes(':')) return bare;
      const query = value ? `?amount=${value}` : '';
      const uri = `${scheme}:${body}${query}`;
      // BIP21's scheme is case-insensitive and so is bech32: upper case both for the QR's alphanumeric mode.
      // The query stays as it is (parameter names are case-sensitive).
      const qr = known.uppercaseQr && BECH32_LOWER.test(body) ? `${scheme.toUpperCase()}:${body.toUpperCase()}${query}` : uri;
      return { uri, qr, openable: true };
    }
    case 'eip681-native': {
      if (!ETH_ADDRESS.test(address)) return bare;
      const uri = `ethereum:${address}${value ? `?value=${toSmallestUnit(value, known.decimals)}` : ''}`;
      return { uri, qr: uri, openable: true };
    }
    case 'erc20': {
      if (!ETH_ADDRESS.test(address) || !known.contract) return bare;
      const units = value ? `&uint256=${toSmallestUnit(value, known.decimals)}` : '';
      const uri = `ethereum:${known.contract}/transfer?address=${address}${units}`;
      return { uri, qr: uri, openable: true };
    }
    case 'xrp': {
      // XLS-2d's `dt` for the destination tag (a uint32); wallets disagree on any scheme, so none.
      const withTag = tag && /^\d{1,10}$/.test(tag) ? `${address}?dt=${tag}` : address;
      return { uri: withTag, qr: withTag, openable: false };
    }
    default:
      return bare;
  }
}
