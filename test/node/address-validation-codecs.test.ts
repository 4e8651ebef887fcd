/**
 * The address validators' own encodings and hashes (src/core/address-validation/codecs.ts, sha256.ts, keccak.ts) against the
 * audited libraries they replace in the browser bundle (@scure/base, @noble/hashes), on generated input: the same
 * bytes, the same words, the same refusals.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base32nopad, base58, base58xrp, bech32, bech32m } from '@scure/base';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base58Encode, toHex } from '../../src/core/address-validation/chains.js';
import {
  BASE58_BITCOIN,
  BASE58_XRP,
  BECH32_CHARSET,
  base58Decode,
  bech32Words,
  fromWords,
} from '../../src/core/address-validation/codecs.js';
import { keccak256 } from '../../src/core/address-validation/keccak.js';
import { sha256 } from '../../src/core/address-validation/sha256.js';

const RUNS = Number(process.env['CODEC_RUNS'] ?? 1000);
const bytes = (max: number) => fc.uint8Array({ maxLength: max });
/** Leading zero bytes are their own case in Base58. */
const withZeros = fc
  .tuple(fc.integer({ min: 0, max: 4 }), bytes(40))
  .map(([zeros, rest]) => Uint8Array.from([...new Array<number>(zeros).fill(0), ...rest]));

describe('SHA-256 and Keccak-256 agree with @noble/hashes', () => {
  it('on the standard test vectors', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    assert.equal(toHex(sha256(ascii(''))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(toHex(sha256(ascii('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(toHex(keccak256(ascii(''))), 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    assert.equal(toHex(keccak256(ascii('abc'))), '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
  });

  it('on every length across the block boundaries (0 to 300 bytes)', () => {
    for (let n = 0; n <= 300; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 0xff);
      assert.equal(toHex(sha256(data)), bytesToHex(nobleSha256(data)), `sha256 of ${n} bytes`);
      assert.equal(toHex(keccak256(data)), bytesToHex(keccak_256(data)), `keccak256 of ${n} bytes`);
    }
  });

  it('on generated input', () => {
    fc.assert(
      fc.property(bytes(400), (data) => {
        assert.equal(toHex(sha256(data)), bytesToHex(nobleSha256(data)));
        assert.equal(toHex(keccak256(data)), bytesToHex(keccak_256(data)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Base58 agrees with @scure/base, in both alphabets', () => {
  for (const [name, alphabet, scure] of [
    ['Bitcoin', BASE58_BITCOIN, base58],
    ['XRP Ledger', BASE58_XRP, base58xrp],
  ] as const) {
    it(`${name}: encodes and decodes the same bytes, leading zeros included`, () => {
      fc.assert(
        fc.property(withZeros, (data) => {
          const text = scure.encode(data);
          assert.equal(base58Encode(data, alphabet), text);
          assert.equal(toHex(base58Decode(text, alphabet)), toHex(data));
        }),
        { numRuns: RUNS },
      );
    });

    it(`${name}: decodes any string of its digits as scure does, and refuses others`, () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 60 }), (text) => {
          assert.equal(toHex(base58Decode(text, alphabet)), toHex(scure.decode(text)));
        }),
        { numRuns: RUNS },
      );
      for (const bad of ['0', 'O', 'I', 'l', '1+1', ' 1']) assert.throws(() => base58Decode(bad, alphabet), SyntaxError, bad);
    });
  }
});

describe('bech32, bech32m and 5-bit words agree with @scure/base', () => {
  const hrp = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 10 });
  const words = fc.array(fc.integer({ min: 0, max: 31 }), { maxLength: 60 });

  it('decodes what scure encodes, to the same words, and only with its own checksum kind', () => {
    fc.assert(
      fc.property(hrp, words, fc.boolean(), (prefix, data, modern) => {
        const text = (modern ? bech32m : bech32).encode(prefix, data, false);
        assert.deepEqual(bech32Words(text, modern), data);
        assert.equal(bech32Words(text, !modern), null);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers as scure does for any string of the charset (almost all with a wrong checksum)', () => {
    fc.assert(
      fc.property(hrp, fc.string({ unit: fc.constantFrom(...BECH32_CHARSET), maxLength: 70 }), fc.boolean(), (prefix, data, modern) => {
        const text = `${prefix}1${data}`;
        const theirs = (modern ? bech32m : bech32).decodeUnsafe(text, false);
        assert.deepEqual(bech32Words(text, modern), theirs ? theirs.words : null);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a missing prefix, a short checksum and a character outside the charset', () => {
    const good = bech32.encode('bc', [0, 14, 20], false);
    assert.ok(bech32Words(good, false));
    for (const bad of [good.slice(2), 'bc1qqqqq', good.replace(/.$/, 'b'), good.replace(/.$/, 'i')])
      assert.equal(bech32Words(bad, false), null, bad);
  });

  it('turns 5-bit words into bytes as fromWordsUnsafe does: canonical padding only', () => {
    fc.assert(
      fc.property(words, (data) => {
        const theirs = bech32.fromWordsUnsafe(data);
        const ours = fromWords(data);
        assert.equal(ours === null ? null : toHex(ours), theirs === undefined ? null : toHex(theirs));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(bytes(40), (data) => {
        assert.equal(toHex(fromWords(bech32.toWords(data))!), toHex(data));
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes RFC 4648 base32 (Stellar) as base32nopad does', () => {
    const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    fc.assert(
      fc.property(bytes(40), (data) => {
        const text = base32nopad.encode(data);
        assert.equal(toHex(fromWords(Array.from(text, (ch) => BASE32.indexOf(ch)))!), toHex(data));
      }),
      { numRuns: RUNS },
    );
  });
});
