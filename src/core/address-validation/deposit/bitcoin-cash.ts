import { BECH32_CHARSET, cashAddrChecksumOk, fromWords } from '../codecs.js';
import { bitcoinCashLegacy } from './bitcoin-family.js';
import type { NetworkCheck, Verdict } from './network.js';

/** A CashAddr of the main network, or null when the input is not shaped like one (then it may be a legacy address). */
function cashAddr(input: string): Verdict | null {
  const lower = input.toLowerCase();
  const colon = lower.indexOf(':');
  const prefix = colon < 0 ? null : lower.slice(0, colon);
  const payload = lower.slice(colon + 1);
  if (prefix !== null && !['bitcoincash', 'bchtest', 'bchreg'].includes(prefix)) return null;
  if (prefix === null && !(/^[qpzr]/.test(payload) && (payload.length === 42 || payload.length === 61))) return null;
  if (!/^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{42,}$/.test(payload) || (input !== lower && input !== input.toUpperCase())) return false;
  // Unprefixed, the checksum tells the network: only the main one's is valid here.
  if ((prefix ?? 'bitcoincash') !== 'bitcoincash' || !cashAddrChecksumOk('bitcoincash', payload)) return false;
  const bytes = fromWords(Array.from(payload.slice(0, -8), (ch) => BECH32_CHARSET.indexOf(ch)));
  if (!bytes?.length) return false;
  const version = bytes[0]!;
  const hash = bytes.length - 1;
  const type = (version >> 3) & 15;
  if (version & 0x80 || hash !== [20, 24, 28, 32, 40, 48, 56, 64][version & 7]) return false;
  // P2PKH (types 0, 2) of a 20-byte hash; P2SH (1, 3) of 20 or 32.
  return type <= 3 && (hash === 20 || ((type & 1) === 1 && hash === 32)) && {};
}

export const bitcoinCash: NetworkCheck = { parse: (input) => cashAddr(input) ?? bitcoinCashLegacy.parse(input) };
