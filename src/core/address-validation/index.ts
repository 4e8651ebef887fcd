import { DETECTABLE, PARSERS } from './chains.js';
import { secretKind } from './secrets.js';
import { payoutCurrencyRule, RULES, type PayoutCurrencyRule } from './rules.js';
import { checkTag } from './tags.js';
import type { PayoutAddressInvalid, PayoutAddressProblem, PayoutAddressResult, PayoutNetwork } from './types.js';

export type * from './types.js';
export { PAYOUT_CURRENCIES, payoutCurrencyRule, type PayoutCurrencyRule } from './rules.js';

/**
 * Local validation of the address a customer wants payouts sent to: format, checksum, network and tag, with no
 * network call. The encodings (Base58Check, bech32/bech32m, base32, CashAddr) and hashes (SHA-256, Keccak-256) are
 * the few lines of their specs (codecs.ts, sha256.ts, keccak.ts), checked against the audited @scure/base and @noble/hashes in
 * the tests: the element loads these validators beside every address it shows, and every byte there counts.
 */

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
