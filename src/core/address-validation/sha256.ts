/**
 * SHA-256 (FIPS 180-4), as Base58Check uses it (the first 4 bytes of sha256(sha256(payload))), written out for the
 * few dozen bytes of an address: synchronous (the payout form validates as the customer types, which WebCrypto's
 * promise-returning digest cannot) and a few hundred bytes instead of @noble/hashes' kilobytes. It checksums typos,
 * it protects no secret. test/node/address-validation-codecs.test.ts checks it against @noble/hashes.
 */

/** The fractional part of `x` as 32 bits: SHA-256's constants are those of the square and cube roots of primes. */
const fraction32 = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) | 0;

let sha: { init: number[]; k: Int32Array } | undefined;

function shaConstants(): { init: number[]; k: Int32Array } {
  if (sha) return sha;
  const init: number[] = [];
  const k = new Int32Array(64);
  for (let p = 2, found = 0; found < 64; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
    if (!prime) continue;
    if (found < 8) init.push(fraction32(Math.sqrt(p)));
    k[found++] = fraction32(Math.cbrt(p));
  }
  return (sha = { init, k });
}

const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 (FIPS 180-4) of up to 512 MB. */
export function sha256(data: Uint8Array): Uint8Array {
  const { init, k } = shaConstants();
  const h = init.slice();
  const block = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  block.set(data);
  block[data.length] = 0x80;
  const view = new DataView(block.buffer);
  view.setUint32(block.length - 4, data.length * 8);
  const w = new Int32Array(64);
  for (let at = 0; at < block.length; at += 64) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = view.getInt32(at + 4 * i);
      else {
        const a = w[i - 15]!;
        const b = w[i - 2]!;
        w[i] = w[i - 16]! + (ror(a, 7) ^ ror(a, 18) ^ (a >>> 3)) + w[i - 7]! + (ror(b, 17) ^ ror(b, 19) ^ (b >>> 10));
      }
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = (h[i]! + v) | 0));
  }
  const out = new DataView(new ArrayBuffer(32));
  h.forEach((v, i) => out.setInt32(4 * i, v));
  return new Uint8Array(out.buffer);
}
