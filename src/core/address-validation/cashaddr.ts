import { BECH32_CHARSET, cashAddrChecksumOk, fromWords } from './codecs.js';
import type { Parsed } from './types.js';

export { cashAddrChecksumOk, cashAddrPolymod } from './codecs.js';

/**
 * Bitcoin Cash CashAddr (spec: github.com/bitcoincashorg/bitcoincash.org, spec/cashaddr.md): `prefix:payload`, the
 * payload base32 in bech32's alphabet with a 40-bit BCH-code checksum over the prefix too, so the prefix may be
 * left out when shown and still tells the networks apart.
 */

/** Hash sizes by the version byte's three size bits. */
const SIZES = [20, 24, 28, 32, 40, 48, 56, 64] as const;

export interface CashAddr {
  prefix: string;
  /** Type bits: 0 P2PKH, 1 P2SH, 2 and 3 the same with CashTokens support. */
  type: number;
  hash: Uint8Array;
}

/** Decodes a lower-case `prefix:payload` whose checksum is known good. */
export function decodeCashAddrPayload(prefix: string, payload: string): CashAddr | Extract<Parsed, { ok: false }> {
  const words = [...payload.slice(0, -8)].map((ch) => BECH32_CHARSET.indexOf(ch));
  const bytes = fromWords(words);
  if (!bytes || bytes.length < 1) return { ok: false, problem: 'bad_length', message: 'The payload does not make whole bytes.' };
  const version = bytes[0]!;
  const hash = bytes.slice(1);
  if (version & 0x80) return { ok: false, problem: 'unsupported_format', message: 'The version byte’s reserved bit is set.' };
  if (hash.length !== SIZES[version & 7]) {
    return {
      ok: false,
      problem: 'bad_length',
      message: `The version byte says ${SIZES[version & 7]} bytes, the payload has ${hash.length}.`,
    };
  }
  return { prefix, type: (version >> 3) & 15, hash };
}

const PREFIXES = { main: 'bitcoincash', test: ['bchtest', 'bchreg'] } as const;
const ALL_PREFIXES: readonly string[] = [PREFIXES.main, ...PREFIXES.test];

/**
 * A Bitcoin Cash CashAddr, with or without its prefix, all lower or all upper case. Returns null when the input is
 * neither prefixed with a Bitcoin Cash network nor shaped like an unprefixed CashAddr payload.
 */
export function parseCashAddr(input: string): Parsed | null {
  const colon = input.indexOf(':');
  const lower = input.toLowerCase();
  const givenPrefix = colon >= 0 ? lower.slice(0, colon) : null;
  const payload = colon >= 0 ? lower.slice(colon + 1) : lower;
  if (givenPrefix !== null && !ALL_PREFIXES.includes(givenPrefix)) return null;
  // Unprefixed: only what starts like a P2PKH / P2SH payload (q, p; z, r with tokens) of a 20- or 32-byte hash.
  if (givenPrefix === null && !(/^[qpzr]/.test(payload) && (payload.length === 42 || payload.length === 61))) return null;
  if (input !== lower && input !== input.toUpperCase()) {
    return { ok: false, problem: 'mixed_case', message: 'CashAddr is all lower or all upper case, never mixed.' };
  }
  if (!/^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+$/.test(payload)) {
    return { ok: false, problem: 'bad_characters', message: 'CashAddr has no 1, b, i or o after the prefix.' };
  }
  if (payload.length < 42) return { ok: false, problem: 'bad_length', message: 'Too short for a CashAddr.' };
  const prefix = givenPrefix ?? ALL_PREFIXES.find((p) => cashAddrChecksumOk(p, payload));
  if (!prefix || !cashAddrChecksumOk(prefix, payload)) {
    return { ok: false, problem: 'bad_checksum', message: 'The CashAddr checksum does not match: a character is wrong.' };
  }
  const decoded = decodeCashAddrPayload(prefix, payload);
  if ('ok' in decoded) return decoded;
  const p2sh = decoded.type === 1 || decoded.type === 3;
  if (decoded.type > 3 || (!p2sh && decoded.hash.length !== 20) || (p2sh && decoded.hash.length !== 20 && decoded.hash.length !== 32)) {
    return {
      ok: false,
      problem: 'unsupported_format',
      message: `CashAddr type ${decoded.type} with a ${decoded.hash.length}-byte hash.`,
      conclusive: true,
    };
  }
  return {
    ok: true,
    address: `${prefix}:${payload}`,
    format: p2sh ? 'cashaddr-p2sh' : 'cashaddr-p2pkh',
    checksum: true,
    testnet: prefix !== PREFIXES.main,
  };
}
