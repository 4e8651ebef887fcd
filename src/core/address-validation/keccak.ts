/**
 * Keccak-256 as Ethereum uses it (EIP-55's capitalisation checksum), written out for the 40 characters of an address
 * on 64-bit BigInt lanes: short rather than fast, and loaded by the element only for a mixed-case EVM address.
 * test/node/address-validation-codecs.test.ts checks it against @noble/hashes.
 */

const MASK64 = (1n << 64n) - 1n;
const rotl = (v: bigint, n: number): bigint => ((v << BigInt(n)) | (v >> BigInt(64 - n))) & MASK64;

let iota: bigint[] | undefined;

/** Keccak's 24 round constants, from its LFSR (FIPS 202, rc(t)). */
function roundConstants(): bigint[] {
  if (iota) return iota;
  iota = [];
  for (let round = 0, r = 1; round < 24; round++) {
    let c = 0n;
    for (let j = 0; j < 7; j++) {
      r = ((r << 1) ^ ((r >> 7) * 0x71)) & 0xff;
      if (r & 2) c |= 1n << BigInt((1 << j) - 1);
    }
    iota.push(c);
  }
  return iota;
}

/** Keccak-f[1600] on 25 lanes (x + 5y), 64-bit each. */
function keccakF(s: bigint[]): void {
  for (const rc of roundConstants()) {
    const c = [0, 1, 2, 3, 4].map((x) => s[x]! ^ s[x + 5]! ^ s[x + 10]! ^ s[x + 15]! ^ s[x + 20]!);
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1);
      for (let y = 0; y < 25; y += 5) s[x + y]! ^= d;
    }
    // ρ and π together: lane (x, y) moves to (y, 2x + 3y), rotated by the triangular numbers.
    let current = s[1]!;
    for (let t = 0, x = 1, y = 0; t < 24; t++) {
      [x, y] = [y, (2 * x + 3 * y) % 5];
      const next = s[x + 5 * y]!;
      s[x + 5 * y] = rotl(current, (((t + 1) * (t + 2)) / 2) % 64);
      current = next;
    }
    for (let y = 0; y < 25; y += 5) {
      const row = s.slice(y, y + 5);
      for (let x = 0; x < 5; x++) s[y + x] = row[x]! ^ (~row[(x + 1) % 5]! & row[(x + 2) % 5]!);
    }
    s[0]! ^= rc;
  }
}

/** Keccak-256 as Ethereum uses it (the original padding, not SHA3-256's). */
export function keccak256(data: Uint8Array): Uint8Array {
  const RATE = 136;
  const s: bigint[] = new Array<bigint>(25).fill(0n);
  const block = new Uint8Array((Math.floor(data.length / RATE) + 1) * RATE);
  block.set(data);
  block[data.length]! ^= 0x01;
  block[block.length - 1]! ^= 0x80;
  const view = new DataView(block.buffer);
  for (let at = 0; at < block.length; at += RATE) {
    for (let i = 0; i < RATE / 8; i++) s[i]! ^= view.getBigUint64(at + 8 * i, true);
    keccakF(s);
  }
  const out = new DataView(new ArrayBuffer(32));
  for (let i = 0; i < 4; i++) out.setBigUint64(8 * i, s[i]!, true);
  return new Uint8Array(out.buffer);
}
