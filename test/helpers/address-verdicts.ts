/** Verdict assertions and typo makers shared by the payout address validation tests. */
import assert from 'node:assert/strict';
import type { PayoutAddressResult } from '../../src/core/address-validation/index.js';

export function valid(result: PayoutAddressResult) {
  assert.equal(result.valid, true, `expected valid, got ${JSON.stringify(result)}`);
  return result as Extract<PayoutAddressResult, { valid: true }>;
}

export function invalid(result: PayoutAddressResult, problem: string, field: 'address' | 'tag' = 'address') {
  assert.equal(result.valid, false, `expected ${problem}, got ${JSON.stringify(result)}`);
  const bad = result as Extract<PayoutAddressResult, { valid: false }>;
  assert.equal(bad.problem, problem, `expected ${problem}, got ${JSON.stringify(result)}`);
  assert.equal(bad.field, field);
  assert.ok(bad.message.length > 0);
  return bad;
}

export const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
export const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const XRP58 = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

/** Replaces the character at `at` by the next one of `alphabet` (a single substitution: the classic typo). */
export function substitute(address: string, at: number, alphabet: string): string {
  const i = at < 0 ? address.length + at : at;
  const ch = address[i]!;
  const upper = alphabet === BECH32 && address === address.toUpperCase();
  const next = alphabet[(alphabet.indexOf(upper ? ch.toLowerCase() : ch) + 1) % alphabet.length]!;
  return address.slice(0, i) + (upper ? next.toUpperCase() : next) + address.slice(i + 1);
}
