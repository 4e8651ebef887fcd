import { bech32Words, fromWords } from './codecs.js';
import type { Parsed } from './types.js';

export { BECH32_CHARSET } from './codecs.js';

/**
 * Native segwit addresses (BIP-173 bech32 for witness v0, BIP-350 bech32m for v1 and up), and the plain bech32 of
 * chains that only borrow the encoding (BNB Beacon Chain).
 */

const DATA = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]*$/;
const MAX_LENGTH = 90;

/** Splits a bech32-looking string into its human-readable part and data, or null when it has no separator. */
export function bech32Parts(input: string): { hrp: string; data: string } | null {
  const at = input.lastIndexOf('1');
  if (at < 1) return null;
  return { hrp: input.slice(0, at).toLowerCase(), data: input.slice(at + 1) };
}

/** Case and character checks every bech32 string passes before its checksum is worth computing. */
function checkShape(input: string): Extract<Parsed, { ok: false }> | null {
  if (input !== input.toLowerCase() && input !== input.toUpperCase()) {
    return { ok: false, problem: 'mixed_case', message: 'bech32 is all lower or all upper case, never mixed.' };
  }
  const parts = bech32Parts(input.toLowerCase())!;
  if (!DATA.test(parts.data)) return { ok: false, problem: 'bad_characters', message: 'bech32 data has no 1, b, i or o.' };
  if (input.length > MAX_LENGTH) return { ok: false, problem: 'bad_length', message: `Longer than ${MAX_LENGTH} characters.` };
  if (parts.data.length < 6) return { ok: false, problem: 'bad_length', message: 'Shorter than its own checksum.' };
  return null;
}

/** Turns 5-bit words into bytes, telling an over-long from a non-zero padding. */
function wordsToBytes(words: number[]): Uint8Array | Extract<Parsed, { ok: false }> {
  const bytes = fromWords(words);
  if (bytes) return bytes;
  return (words.length * 5) % 8 > 4
    ? { ok: false, problem: 'bad_length', message: 'More than 4 bits of padding: a character too many.' }
    : { ok: false, problem: 'unsupported_format', message: 'Non-zero padding bits.' };
}

/**
 * A segwit address whose human-readable part is one of `hrps` (main network first; the others are test networks).
 * Returns null when the input does not carry one of these prefixes, so that another format may be tried.
 */
export function parseSegwit(input: string, hrps: { main: string; test: readonly string[] }): Parsed | null {
  const parts = bech32Parts(input);
  if (!parts || (parts.hrp !== hrps.main && !hrps.test.includes(parts.hrp))) return null;
  const shape = checkShape(input);
  if (shape) return shape;
  const lower = input.toLowerCase();
  const plain = bech32Words(lower, false);
  const words = plain ?? bech32Words(lower, true);
  if (!words) return { ok: false, problem: 'bad_checksum', message: 'The bech32 checksum does not match: a character is wrong.' };
  const [version, ...program] = words;
  if (version === undefined) return { ok: false, problem: 'bad_length', message: 'No witness version or program.' };
  if (version > 16) return { ok: false, problem: 'unsupported_format', message: `Witness version ${version} does not exist.` };
  // BIP-350: v0 keeps bech32, every later version uses bech32m. The wrong one is a checksum error.
  if ((version === 0) !== Boolean(plain)) {
    return { ok: false, problem: 'bad_checksum', message: `Witness v${version} must use ${version === 0 ? 'bech32' : 'bech32m'}.` };
  }
  const bytes = wordsToBytes(program);
  if (!(bytes instanceof Uint8Array)) return bytes;
  if (bytes.length < 2 || bytes.length > 40)
    return { ok: false, problem: 'bad_length', message: `A ${bytes.length}-byte witness program.` };
  if (version === 0 && bytes.length !== 20 && bytes.length !== 32) {
    return { ok: false, problem: 'bad_length', message: 'A v0 witness program is 20 or 32 bytes (BIP-141).' };
  }
  const format =
    version === 0 ? (bytes.length === 20 ? 'p2wpkh' : 'p2wsh') : version === 1 && bytes.length === 32 ? 'p2tr' : 'segwit-future';
  return { ok: true, address: lower, format, checksum: true, testnet: parts.hrp !== hrps.main };
}

/** Plain bech32 of a `bytes`-long payload with no witness version (BNB Beacon Chain, `bnb1…`). */
export function parseBech32Payload(input: string, hrps: { main: string; test: readonly string[] }, bytes: number): Parsed | null {
  const parts = bech32Parts(input);
  if (!parts || (parts.hrp !== hrps.main && !hrps.test.includes(parts.hrp))) return null;
  const shape = checkShape(input);
  if (shape) return shape;
  const lower = input.toLowerCase();
  const words = bech32Words(lower, false);
  if (!words) return { ok: false, problem: 'bad_checksum', message: 'The bech32 checksum does not match: a character is wrong.' };
  const payload = wordsToBytes(words);
  if (!(payload instanceof Uint8Array)) return payload;
  if (payload.length !== bytes) return { ok: false, problem: 'bad_length', message: `A ${payload.length}-byte payload, not ${bytes}.` };
  return { ok: true, address: lower, format: 'bnb-bech32', checksum: true, testnet: parts.hrp !== hrps.main };
}
