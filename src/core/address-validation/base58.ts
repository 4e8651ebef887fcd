import { base58, base58xrp, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ParseFailure } from './types.js';

/**
 * Base58Check as Bitcoin, Litecoin, Dogecoin, TRON and (with its own alphabet) the XRP Ledger use it: a version
 * byte, the payload, and the first four bytes of sha256(sha256(version + payload)).
 */

/** Both alphabets have the same 58 characters (no 0, O, I, l), in another order. */
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;
const checked = createBase58check(sha256);

export type Base58Alphabet = 'bitcoin' | 'xrp';

/** Decodes Base58Check of exactly `length` bytes (checksum included); the version byte is the first. */
export function decodeBase58Check(input: string, length: number, alphabet: Base58Alphabet = 'bitcoin'): Uint8Array | ParseFailure {
  if (!BASE58.test(input)) {
    return { ok: false, problem: 'bad_characters', message: 'Base58 has no 0, O, I or l, and no punctuation.' };
  }
  let raw: Uint8Array;
  try {
    raw = alphabet === 'bitcoin' ? base58.decode(input) : base58xrp.decode(input);
  } catch {
    return { ok: false, problem: 'bad_characters', message: 'Not Base58.' };
  }
  if (raw.length !== length) return { ok: false, problem: 'bad_length', message: `Decodes to ${raw.length} bytes, not ${length}.` };
  if (alphabet === 'bitcoin') {
    try {
      return checked.decode(input);
    } catch {
      return badChecksum;
    }
  }
  // createBase58check is bound to Bitcoin's alphabet: check the XRP Ledger's by hand, with the same sha256d.
  const body = raw.slice(0, -4);
  const sum = sha256(sha256(body));
  for (let i = 0; i < 4; i++) if (sum[i] !== raw[length - 4 + i]) return badChecksum;
  return body;
}

const badChecksum: ParseFailure = { ok: false, problem: 'bad_checksum', message: 'The Base58Check checksum does not match: a character is wrong.' };

/** The decoded length of a Base58 string, or null when it is not Base58 at all. */
export function base58Length(input: string, alphabet: Base58Alphabet = 'bitcoin'): number | null {
  if (!BASE58.test(input)) return null;
  try {
    return (alphabet === 'bitcoin' ? base58.decode(input) : base58xrp.decode(input)).length;
  } catch {
    return null;
  }
}

export const isFailure = (value: unknown): value is ParseFailure =>
  typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && (value as ParseFailure).ok === false;
