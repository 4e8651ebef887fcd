import { BASE58_BITCOIN, BASE58_XRP, base58Decode } from './codecs.js';
import { sha256 } from './sha256.js';
import type { ParseFailure } from './types.js';

/**
 * Base58Check as Bitcoin, Litecoin, Dogecoin, TRON and (with its own alphabet) the XRP Ledger use it: a version
 * byte, the payload, and the first four bytes of sha256(sha256(version + payload)).
 */

/** Both alphabets have the same 58 characters (no 0, O, I, l), in another order. */
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

export type Base58Alphabet = 'bitcoin' | 'xrp';

/** Decodes Base58Check of exactly `length` bytes (checksum included); the version byte is the first. */
export function decodeBase58Check(input: string, length: number, alphabet: Base58Alphabet = 'bitcoin'): Uint8Array | ParseFailure {
  if (!BASE58.test(input)) {
    return { ok: false, problem: 'bad_characters', message: 'Base58 has no 0, O, I or l, and no punctuation.' };
  }
  let raw: Uint8Array;
  try {
    raw = base58Decode(input, alphabet === 'bitcoin' ? BASE58_BITCOIN : BASE58_XRP);
  } catch {
    return { ok: false, problem: 'bad_characters', message: 'Not Base58.' };
  }
  if (raw.length !== length) {
    // A substituted character can push the number past (or under) a byte boundary without changing the string's
    // length; only a string no `length`-byte value can be written as is the wrong length.
    return plausibleLength(input, length, alphabet)
      ? badChecksum
      : { ok: false, problem: 'bad_length', message: `Decodes to ${raw.length} bytes, not ${length}.` };
  }
  const body = raw.slice(0, -4);
  const sum = sha256(sha256(body));
  for (let i = 0; i < 4; i++) if (sum[i] !== raw[length - 4 + i]) return badChecksum;
  return body;
}

const badChecksum: ParseFailure = {
  ok: false,
  problem: 'bad_checksum',
  message: 'The Base58Check checksum does not match: a character is wrong.',
};

const LOG58_256 = Math.log(256) / Math.log(58);

/** Whether some `bytes`-long value with as many leading zero bytes as `input` has leading zero digits is written in as many characters. */
function plausibleLength(input: string, bytes: number, alphabet: Base58Alphabet): boolean {
  const zero = alphabet === 'bitcoin' ? '1' : 'r';
  let zeros = 0;
  while (input[zeros] === zero) zeros++;
  const rest = bytes - zeros;
  if (rest <= 0) return input.length === bytes;
  // A rest-byte number with a non-zero top byte has between these many digits.
  const min = Math.floor((rest - 1) * LOG58_256) + 1;
  const max = Math.floor(rest * LOG58_256) + 1;
  return input.length - zeros >= min && input.length - zeros <= max;
}

export const isFailure = (value: unknown): value is ParseFailure =>
  typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && (value as ParseFailure).ok === false;
