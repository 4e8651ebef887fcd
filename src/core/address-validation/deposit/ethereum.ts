import { keccak256 } from '../keccak.js';
import type { NetworkCheck } from './network.js';

/** `0x` and 40 hex digits; in mixed case, EIP-55's: upper case exactly where Keccak-256 of the lower-case hex has a nibble of 8 or more. */
export const ethereum: NetworkCheck = {
  parse(input) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(input)) return false;
    const hex = input.slice(2);
    const lower = hex.toLowerCase();
    if (hex === lower || hex === hex.toUpperCase()) return {};
    const digest = keccak256(new TextEncoder().encode(lower));
    for (let i = 0; i < 40; i++) {
      const upper = ((digest[i >> 1]! >> (i & 1 ? 0 : 4)) & 15) >= 8;
      if (hex[i] !== (upper ? lower[i]!.toUpperCase() : lower[i])) return false;
    }
    return {};
  },
};
