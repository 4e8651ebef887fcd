import { BASE58_BITCOIN } from '../codecs.js';
import { base58check } from './base58check.js';
import type { NetworkCheck } from './network.js';

/** Base58Check with version byte 0x41 (`T…`); never the hexadecimal form. */
export const tron: NetworkCheck = {
  parse: async (input) => !/^41[0-9a-fA-F]{40}$/.test(input) && (await base58check(input, 25, BASE58_BITCOIN))?.[0] === 0x41 && {},
};
