import { BASE58_BITCOIN, bech32Words, fromWords } from '../codecs.js';
import { base58check } from './base58check.js';
import { bech32Shape, hrpOf } from './bech32.js';
import type { NetworkCheck, Verdict } from './network.js';

/** A segwit address (BIP-173 / BIP-350) of human-readable part `main`, with the program lengths BIP-141 allows. */
function segwit(input: string, main: string): Verdict {
  const lower = input.toLowerCase();
  const plain = bech32Words(lower, false);
  const words = plain ?? bech32Words(lower, true);
  if (!bech32Shape(input) || hrpOf(input) !== main || !words) return false;
  const [version, ...program] = words;
  const bytes = fromWords(program);
  if (version === undefined || version > 16 || (version === 0) !== !!plain || !bytes) return false;
  return bytes.length >= 2 && bytes.length <= 40 && (version > 0 || bytes.length === 20 || bytes.length === 32) && {};
}

/**
 * A Bitcoin-family network: segwit when it has it and the prefix is one of its own (main first, then its test
 * networks: decided there, as the payout validators do), else Base58Check with a main-network version byte.
 */
function family(versions: number[], hrps?: [main: string, ...test: string[]]): NetworkCheck {
  return {
    async parse(input) {
      if (hrps?.includes(hrpOf(input))) return segwit(input, hrps[0]);
      const body = await base58check(input, 25, BASE58_BITCOIN);
      return !!body && versions.includes(body[0]!) && {};
    },
  };
}

export const bitcoin = family([0x00, 0x05], ['bc', 'tb', 'bcrt']);
export const litecoin = family([0x30, 0x32], ['ltc', 'tltc', 'rltc']);
export const dogecoin = family([0x1e, 0x16]);
/** Bitcoin Cash's legacy addresses: Bitcoin's (the chains split in 2017). */
export const bitcoinCashLegacy = family([0x00, 0x05]);
