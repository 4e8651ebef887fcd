import { base58xrp, bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Deposit addresses in each currency's real format, derived deterministically from the sandbox seed and a counter,
 * so that wallet URIs, QR codes and payout validation downstream see addresses a real wallet would accept
 * (valid checksums), yet nothing here corresponds to a key anybody holds.
 */

const base58check = createBase58check(sha256);

function hash20(seed: number, counter: number, currency: string): Uint8Array {
  return sha256(utf8ToBytes(`coinspaid-sandbox:${seed}:${counter}:${currency}`)).slice(0, 20);
}

/** EIP-55 mixed-case checksum of a 20-byte Ethereum address. */
export function eip55(addressBytes: Uint8Array): string {
  const lower = bytesToHex(addressBytes);
  const digest = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) out += parseInt(digest[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i];
  return out;
}

// CashAddr (Bitcoin Cash): BCH-code checksum over the prefix and payload, per the CashAddr specification.
const CASHADDR_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CASHADDR_GENERATORS = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];

export function cashAddrPolymod(values: number[]): bigint {
  let c = 1n;
  for (const d of values) {
    const c0 = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(d);
    for (let i = 0; i < 5; i++) if ((c0 >> BigInt(i)) & 1n) c ^= CASHADDR_GENERATORS[i]!;
  }
  return c ^ 1n;
}

/** CashAddr P2PKH (version byte 0) address with the `bitcoincash:` prefix. */
export function cashAddr(hash: Uint8Array, prefix = 'bitcoincash'): string {
  const payload = bech32.toWords(concatBytes(new Uint8Array([0]), hash));
  const prefixWords = [...prefix].map((ch) => ch.charCodeAt(0) & 31);
  const mod = cashAddrPolymod([...prefixWords, 0, ...payload, 0, 0, 0, 0, 0, 0, 0, 0]);
  const checksum: number[] = [];
  for (let i = 0; i < 8; i++) checksum.push(Number((mod >> BigInt(5 * (7 - i))) & 31n));
  return `${prefix}:${[...payload, ...checksum].map((w) => CASHADDR_CHARSET[w]).join('')}`;
}

function xrpClassic(hash: Uint8Array): string {
  const versioned = concatBytes(new Uint8Array([0]), hash);
  const checksum = sha256(sha256(versioned)).slice(0, 4);
  return base58xrp.encode(concatBytes(versioned, checksum));
}

/** A valid-format deposit address of `currency`, the n-th one of this seed. */
export function generateAddress(currency: string, seed: number, counter: number): string {
  const h = hash20(seed, counter, currency);
  switch (currency) {
    case 'BTC':
      return bech32.encode('bc', [0, ...bech32.toWords(h)]);
    case 'LTC':
      return bech32.encode('ltc', [0, ...bech32.toWords(h)]);
    case 'BCH':
      return cashAddr(h);
    case 'DOGE':
      return base58check.encode(concatBytes(new Uint8Array([0x1e]), h));
    case 'ETH':
    case 'USDTE':
      return eip55(h);
    case 'USDTT':
      return base58check.encode(concatBytes(new Uint8Array([0x41]), h));
    case 'XRP':
      return xrpClassic(h);
    default:
      throw new Error(`no address format for ${currency}`);
  }
}
