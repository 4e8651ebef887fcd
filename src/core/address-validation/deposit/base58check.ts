import { base58Decode } from '../codecs.js';

/** SHA-256 from WebCrypto; ../sha256.ts where the page is not a secure context (no crypto.subtle there). */
async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return (await import('../sha256.js')).sha256(bytes);
  return new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** The payload of a Base58Check string of `length` bytes (checksum included) in `alphabet`, or null. */
export async function base58check(input: string, length: number, alphabet: string): Promise<Uint8Array | null> {
  // Both alphabets have the same 58 characters.
  if (!/^[1-9A-HJ-NP-Za-km-z]+$/.test(input)) return null;
  const raw = base58Decode(input, alphabet);
  if (raw.length !== length) return null;
  const body = raw.slice(0, -4);
  const sum = await sha256(await sha256(body));
  return sum.subarray(0, 4).every((byte, i) => byte === raw[length - 4 + i]) ? body : null;
}
