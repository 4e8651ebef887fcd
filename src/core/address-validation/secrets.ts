import { BASE58_BITCOIN, base58Decode } from './codecs.js';
import { decodeBase58Check, isFailure } from './base58.js';
import { decodeStrKey } from './chains.js';

/**
 * Secrets pasted where an address belongs. Customers do this; a form that answers "bad checksum" lets them try
 * again elsewhere, one that says "this is a private key" may save their coins.
 */

/** WIF private-key version bytes: Bitcoin (and Bitcoin Cash), testnets, Litecoin, Dogecoin. */
const WIF_VERSIONS = new Set([0x80, 0xef, 0xb0, 0x9e]);
const RECOVERY_PHRASE_WORDS = new Set([12, 15, 18, 21, 24]);

/** A short description of the secret `input` is, or null when it is not one. */
export function secretKind(input: string): string | null {
  const words = input.split(/\s+/);
  if (RECOVERY_PHRASE_WORDS.has(words.length) && words.every((w) => /^[a-z]{3,8}$/.test(w))) return 'a recovery phrase';
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(input)) return 'a private key (64 hexadecimal digits)';
  if (/^[5KLcT6Q9][1-9A-HJ-NP-Za-km-z]{50,51}$/.test(input)) {
    // 33 or 34 bytes + checksum: version, 32-byte key, optional compression flag.
    let length = 0;
    try {
      length = base58Decode(input, BASE58_BITCOIN).length;
    } catch {
      // not Base58 after all
    }
    if (length === 37 || length === 38) {
      const body = decodeBase58Check(input, length);
      if (!isFailure(body) && WIF_VERSIONS.has(body[0]!)) return 'a private key (WIF)';
    }
  }
  if (/^[xtyzYZuv]prv[1-9A-HJ-NP-Za-km-z]{100,108}$/.test(input)) return 'an extended private key';
  if (/^S[A-Z2-7]{55}$/.test(input)) {
    const key = decodeStrKey(input);
    if (!isFailure(key) && key.version === 18 << 3) return 'a Stellar secret seed';
  }
  if (/^s[1-9A-HJ-NP-Za-km-z]{27,30}$/.test(input)) {
    // XRP Ledger family seeds: secp256k1 (version 0x21, 16 bytes) or ed25519 (sEd…, 3-byte prefix).
    const secp = decodeBase58Check(input, 21, 'xrp');
    if (!isFailure(secp) && secp[0] === 0x21) return 'an XRP secret';
    const ed = decodeBase58Check(input, 23, 'xrp');
    if (!isFailure(ed) && ed[0] === 0x01 && ed[1] === 0xe1 && ed[2] === 0x4b) return 'an XRP secret';
  }
  return null;
}
