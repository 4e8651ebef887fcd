import { DETECTABLE, PARSERS } from './chains.js';
import { secretKind } from './secrets.js';
import { checkTag } from './tags.js';
import type { PayoutAddressInvalid, PayoutAddressProblem, PayoutAddressResult, PayoutNetwork, PayoutTagKind } from './types.js';

export type * from './types.js';

/**
 * Local validation of the address a customer wants payouts sent to: format, checksum, network and tag, with no
 * network call. Built on `@scure/base` (Base58Check, bech32/bech32m, base32) and `@noble/hashes` (sha256,
 * keccak-256), audited libraries; CashAddr's polymod and Stellar's CRC16 are a few lines of their specs.
 */

/** What a currency's payout address must be. */
export interface PayoutCurrencyRule {
  network: PayoutNetwork;
  /** The asset, shared by one token's currencies on several networks (USDTE and USDTT are both USDT). */
  asset: string;
  /** The network's own coin (what an address of that network is suggested as, when no same-asset currency is). */
  native: boolean;
  /** The tag / memo the currency uses, or null. */
  tag: { kind: PayoutTagKind; required: boolean } | null;
}

const tagged = (kind: PayoutTagKind) => ({ kind, required: true });

// Mirrors src/core/currencies.ts (requires_tag there = a required tag here), kept apart so that this lazily loaded
// part does not pull the catalogue's display table into the deposit bundle. TRX is here for suggestions: a TRON
// address offered for Ether is "TRON", whatever the shop sells.
const RULES: Readonly<Record<string, PayoutCurrencyRule>> = {
  BTC: { network: 'bitcoin', asset: 'BTC', native: true, tag: null },
  LTC: { network: 'litecoin', asset: 'LTC', native: true, tag: null },
  BCH: { network: 'bitcoin-cash', asset: 'BCH', native: true, tag: null },
  DOGE: { network: 'dogecoin', asset: 'DOGE', native: true, tag: null },
  ETH: { network: 'ethereum', asset: 'ETH', native: true, tag: null },
  USDTE: { network: 'ethereum', asset: 'USDT', native: false, tag: null },
  TRX: { network: 'tron', asset: 'TRX', native: true, tag: null },
  USDTT: { network: 'tron', asset: 'USDT', native: false, tag: null },
  XRP: { network: 'xrp-ledger', asset: 'XRP', native: true, tag: tagged('destination-tag') },
  BNB: { network: 'bnb-beacon-chain', asset: 'BNB', native: true, tag: tagged('memo') },
  XLM: { network: 'stellar', asset: 'XLM', native: true, tag: tagged('memo') },
  EOS: { network: 'eos', asset: 'EOS', native: true, tag: tagged('memo') },
};

/** Currency codes whose payout addresses can be validated. */
export const PAYOUT_CURRENCIES: readonly string[] = Object.keys(RULES);

/** The rule of `currency` (any case), or undefined when its addresses cannot be validated (unknown, fiat). */
export function payoutCurrencyRule(currency: string): PayoutCurrencyRule | undefined {
  const code = currency.trim().toUpperCase();
  return Object.hasOwn(RULES, code) ? RULES[code] : undefined;
}

/** The currency to suggest for an address of `network` offered for `from`: the same asset there, else the native coin. */
function suggest(from: PayoutCurrencyRule, network: PayoutNetwork): { currency: string; network: PayoutNetwork } {
  const candidates = Object.entries(RULES).filter(([, rule]) => rule.network === network);
  const pick = candidates.find(([, rule]) => rule.asset === from.asset) ?? candidates.find(([, rule]) => rule.native) ?? candidates[0]!;
  return { currency: pick[0], network };
}

const invalid = (problem: PayoutAddressProblem, message: string, field: 'address' | 'tag' = 'address'): PayoutAddressInvalid => ({
  valid: false,
  problem,
  field,
  message,
});

export interface PayoutValidationOptions {
  /** Check the address alone, as a form does while the tag field is still untouched. */
  addressOnly?: boolean;
  /**
   * The customer said this address needs no tag or memo: a wallet of their own rather than an exchange account, which
   * has no tag to give. Only then may a currency that uses tags go without one.
   */
  noTagNeeded?: boolean;
}

/** Longer than any address accepted here (a 32-byte CashAddr with its prefix is 73 characters). */
const MAX_INPUT = 128;
/** Wallet-URI schemes: a payment link pasted whole. `bitcoincash:` is CashAddr's own prefix and is not here. */
const PAYMENT_LINK = /^(bitcoin|litecoin|dogecoin|ethereum|tron|ripple|xrpl|xrp|web\+stellar|stellar|bnb|eos):/i;

/**
 * Validates the payout address of `currency` (and its destination tag / memo where the currency uses one) locally.
 *
 * - Leading and trailing whitespace is ignored; anything else that is not part of an address is refused.
 * - A valid address of another network answers `wrong_network` with the currency it does belong to; a valid test
 *   network address answers `testnet`.
 * - An X-address carries its own tag; a different tag beside it is refused.
 *
 * @example
 * validatePayoutAddress('USDTT', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')
 * // → { valid: false, problem: 'wrong_network', field: 'address', suggestion: { currency: 'USDTE', network: 'ethereum' }, … }
 */
export function validatePayoutAddress(
  currency: string,
  address: string,
  tag?: string | null,
  options: PayoutValidationOptions = {},
): PayoutAddressResult {
  const code = currency.trim().toUpperCase();
  const rule = payoutCurrencyRule(code);
  if (!rule) return invalid('unsupported_currency', `Payout addresses of ${code || 'this currency'} cannot be validated.`);
  const input = address.trim();
  if (!input) return invalid('empty', 'No address entered.');
  if (input.length > MAX_INPUT) return invalid('bad_length', `Longer than any address (${input.length} characters).`);
  const secret = secretKind(input);
  if (secret) return invalid('private_key', `This is ${secret}, not an address. Never share it.`);
  if (PAYMENT_LINK.test(input)) return invalid('unsupported_format', 'A payment link: enter the address alone.');
  if (!/^[A-Za-z0-9:.]+$/.test(input)) return invalid('bad_characters', 'Addresses contain only letters and digits.');

  const own = PARSERS[rule.network](input);
  if (!own.ok) {
    if (!own.conclusive) {
      for (const network of DETECTABLE) {
        if (network === rule.network) continue;
        const other = PARSERS[network](input);
        if (!other.ok) continue;
        if (other.testnet) return invalid('testnet', `An address of a ${network} test network.`);
        return { ...invalid('wrong_network', `An address on ${network}, not on ${rule.network}.`), suggestion: suggest(rule, network) };
      }
    }
    return invalid(own.problem, own.message);
  }
  if (own.testnet) return invalid('testnet', 'A test-network address: coins sent there are not real.');

  const entered = tag?.trim() ?? '';
  const base = {
    valid: true as const,
    currency: code,
    address: own.address,
    network: rule.network,
    format: own.format,
    checksum: own.checksum,
  };
  if (options.addressOnly) return own.tag === undefined ? base : { ...base, tag: own.tag };
  if (!rule.tag) {
    return entered ? invalid('tag_invalid', `${code} uses no destination tag or memo.`, 'tag') : base;
  }
  let canonical: string | undefined;
  if (entered) {
    const checked = checkTag(rule.tag.kind, rule.network, entered);
    if (!checked.ok) return invalid('tag_invalid', checked.message, 'tag');
    canonical = checked.tag;
  }
  if (own.tag !== undefined) {
    if (canonical !== undefined && canonical !== own.tag)
      return invalid('tag_invalid', `The X-address carries tag ${own.tag}, not ${canonical}.`, 'tag');
    canonical = own.tag;
  }
  if (canonical === undefined) {
    return rule.tag.required && !options.noTagNeeded
      ? invalid('tag_required', `${code} payouts need a ${rule.tag.kind.replace('-', ' ')}.`, 'tag')
      : base;
  }
  return { ...base, tag: canonical };
}
