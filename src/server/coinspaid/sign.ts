import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/*
 * Signing uses @noble/hashes rather than node:crypto so the same synchronous code runs on Node and on edge
 * runtimes, where only the asynchronous Web Crypto API exists.
 */

type Bytes = Uint8Array;

function toBytes(data: string | Bytes): Bytes {
  return typeof data === 'string' ? utf8ToBytes(data) : data;
}

/** HMAC-SHA512 of the exact body (string as UTF-8, or raw bytes), keyed with the secret, as raw bytes. */
export function hmacSha512(secret: string, body: string | Bytes): Bytes {
  return hmac(sha512, utf8ToBytes(secret), toBytes(body));
}

/**
 * CoinsPaid's request and callback signature: lowercase hex HMAC-SHA512 of the exact body, keyed with the
 * API secret. Sign the very string you send; re-serializing after signing breaks the signature.
 */
export function signPayload(secret: string, body: string | Bytes): string {
  return bytesToHex(hmacSha512(secret, body));
}

/** Compares two byte arrays in time that depends only on their lengths. */
export function timingSafeEqualBytes(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Compares two strings as UTF-8 in constant time for equal lengths (API keys, which are not hex). */
export function timingSafeEqualString(a: string, b: string): boolean {
  return timingSafeEqualBytes(utf8ToBytes(a), utf8ToBytes(b));
}

const HEX_SHA512 = /^[0-9a-fA-F]{128}$/;

/**
 * Checks a hex signature against the body in constant time, comparing decoded bytes so that upper- and
 * lowercase hex are both accepted and no early exit leaks how many characters matched.
 */
export function verifySignature(secret: string, body: string | Bytes, signatureHex: string): boolean {
  if (!HEX_SHA512.test(signatureHex)) return false;
  return timingSafeEqualBytes(hmacSha512(secret, body), hexToBytes(signatureHex.toLowerCase()));
}
