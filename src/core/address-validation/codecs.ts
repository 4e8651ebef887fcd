/**
 * The encodings addresses are written in — Base58 (Bitcoin's and the XRP Ledger's alphabets), bech32 / bech32m
 * (BIP-173, BIP-350), 5-bit groups (bech32 words, CashAddr, Stellar's base32) — and the CashAddr and Stellar
 * checksums: the decoding side, in the few lines of their specs, so that the element's address view carries no
 * general-purpose encoding library (@scure/base: 5 KB gzip with its dependencies). Shared by the payout validators
 * and the deposit check; test/node/address-validation-codecs.test.ts checks each against @scure/base.
 */

export const BASE58_BITCOIN = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const BASE58_XRP = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
/** RFC 4648 base32: Stellar's strkeys. */
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** The 32 data characters of bech32 (and CashAddr): no 1, b, i, o. */
export const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Base58 to bytes: each leading zero digit is a zero byte, the rest one big number. Throws on a foreign character. */
export function base58Decode(input: string, alphabet: string): Uint8Array {
  let n = 0n;
  let zeros = 0;
  for (const ch of input) {
    const digit = alphabet.indexOf(ch);
    if (digit < 0) throw new SyntaxError(`Not Base58: ${ch}`);
    if (!n && !digit) zeros++;
    n = n * 58n + BigInt(digit);
  }
  const hex = n ? n.toString(16) : '';
  const bytes = new Uint8Array(zeros + Math.ceil(hex.length / 2));
  for (let i = bytes.length - 1, j = hex.length; j > 0; i--, j -= 2) bytes[i] = parseInt(hex.slice(Math.max(0, j - 2), j), 16);
  return bytes;
}

/**
 * 5-bit groups (bech32 words, base32 digits) to bytes, in canonical form only: null when more than 4 bits are left
 * over (a group too many) or the left-over padding bits are not zero.
 */
export function fromWords(words: readonly number[]): Uint8Array | null {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const word of words) {
    acc = ((acc << 5) | word) & 0xfff;
    bits += 5;
    if (bits >= 8) out.push((acc >> (bits -= 8)) & 0xff);
  }
  return bits >= 5 || acc & ((1 << bits) - 1) ? null : Uint8Array.from(out);
}

const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/**
 * The data words of a lower-case bech32 string (BIP-173), or bech32m (BIP-350) when `modern`, without the checksum;
 * null when it has no human-readable part, is shorter than a checksum, has a character outside the charset, or its
 * checksum is not of that kind.
 */
export function bech32Words(lower: string, modern: boolean): number[] | null {
  const at = lower.lastIndexOf('1');
  const data = Array.from(lower.slice(at + 1), (ch) => BECH32_CHARSET.indexOf(ch));
  if (at < 1 || data.length < 6 || data.includes(-1)) return null;
  const hrp = Array.from(lower.slice(0, at), (ch) => ch.charCodeAt(0));
  let chk = 1;
  for (const value of [...hrp.map((c) => c >> 5), 0, ...hrp.map((c) => c & 31), ...data]) {
    const top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >> i) & 1) chk ^= GENERATOR[i]!;
  }
  return chk === (modern ? 0x2bc830a3 : 1) ? data.slice(0, -6) : null;
}

/** CRC16-XModem (poly 0x1021, init 0), Stellar's strkey checksum. */
export function crc16xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const CASHADDR_GENERATORS = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n] as const;

/** The spec's PolyMod over 5-bit values; a valid address (prefix, 0, payload) gives 0. */
export function cashAddrPolymod(values: readonly number[]): bigint {
  let c = 1n;
  for (const d of values) {
    const c0 = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (let i = 0; i < 5; i++) if ((c0 >> BigInt(i)) & 1n) c ^= CASHADDR_GENERATORS[i]!;
  }
  return c ^ 1n;
}

const prefixValues = (prefix: string) => [...prefix].map((ch) => ch.charCodeAt(0) & 31);

/** True when `prefix:payload` carries a valid checksum (any payload; the spec's checksum vectors have none). */
export function cashAddrChecksumOk(prefix: string, payload: string): boolean {
  const values = [...payload].map((ch) => BECH32_CHARSET.indexOf(ch));
  return !values.includes(-1) && cashAddrPolymod([...prefixValues(prefix), 0, ...values]) === 0n;
}
