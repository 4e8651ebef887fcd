/**
 * The element's deposit check (src/core/address-validation/deposit.ts, `isDepositAddress`) gives the payout
 * validator's verdict (`validatePayoutAddress(...).valid`) on everything: every address the other validator tests
 * use, every address the sandbox generates, addresses of every format built from random payloads and version bytes,
 * and the typos of all of them, for every currency, with and without tags.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base32nopad, base58, base58xrp, bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { isDepositAddress } from '../../src/core/address-validation/deposit.js';
import { PAYOUT_CURRENCIES, validatePayoutAddress } from '../../src/core/address-validation/index.js';
import { cashAddrPolymod } from '../../src/core/address-validation/cashaddr.js';
import { crc16xmodem } from '../../src/core/address-validation/codecs.js';
import { generateAddress } from '../../src/server/sandbox/addresses.js';
import { BASE58, BECH32, XRP58 } from '../helpers/address-verdicts.js';

const RUNS = Number(process.env['DEPOSIT_RUNS'] ?? 200);
const b58 = createBase58check(sha256);
const xrp58 = { encode: (payload: Uint8Array) => base58xrp.encode(concatBytes(payload, sha256(sha256(payload)).slice(0, 4))) };
const TAGS = [
  null,
  '',
  '1',
  '012',
  '4294967295',
  '4294967296',
  '18446744073709551615',
  '18446744073709551616',
  'memo 42',
  'x'.repeat(29),
  '<b>',
];

/** The payout validator's verdict, and the deposit check's, for one input on every currency. */
async function agree(address: string, tags: ReadonlyArray<string | null> = [null]): Promise<void> {
  for (const currency of PAYOUT_CURRENCIES) {
    for (const tag of tags) {
      const expected = validatePayoutAddress(currency, address, tag).valid;
      assert.equal(
        await isDepositAddress(currency, address, tag),
        expected,
        `${currency} ${JSON.stringify(address)} tag ${JSON.stringify(tag)}`,
      );
    }
  }
}

/** Single-character typos (each position, the next character of the alphabet), a case flip, one character more or less. */
function typos(address: string): string[] {
  const out = [address.toUpperCase(), address.toLowerCase(), address.slice(1), address.slice(0, -1), `${address}q`, `q${address}`];
  const alphabet = [...new Set([...BASE58, ...BECH32, ...XRP58, ...'0123456789abcdefABCDEF:'])].join('');
  for (let i = 0; i < address.length; i++) {
    const next = alphabet[(alphabet.indexOf(address[i]!) + 1) % alphabet.length]!;
    out.push(address.slice(0, i) + next + address.slice(i + 1));
  }
  return out;
}

/** Every quoted string of the other validator tests that could be an address (letters, digits, ':' and '.'). */
function vectorsOfTheOtherTests(): string[] {
  const found = new Set<string>();
  for (const file of ['bitcoin', 'accounts', 'input']) {
    const source = readFileSync(new URL(`./address-validation-${file}.test.ts`, import.meta.url), 'utf8');
    for (const m of source.matchAll(/'([A-Za-z0-9:.]{3,128})'/g)) found.add(m[1]!);
  }
  return [...found];
}

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

function cashAddr(prefix: string, version: number, hash: Uint8Array): string {
  const words = bech32.toWords(concatBytes(new Uint8Array([version]), hash));
  const values = [...[...prefix].map((c) => c.charCodeAt(0) & 31), 0, ...words, 0, 0, 0, 0, 0, 0, 0, 0];
  const mod = cashAddrPolymod(values);
  const checksum = Array.from({ length: 8 }, (_, i) => Number((mod >> BigInt(5 * (7 - i))) & 31n));
  return `${prefix}:${[...words, ...checksum].map((w) => BECH32[w]).join('')}`;
}

function eip55(hex: string): string {
  const digest = bytesToHex(keccak_256(new TextEncoder().encode(hex)));
  return `0x${[...hex].map((c, i) => (parseInt(digest[i]!, 16) >= 8 ? c.toUpperCase() : c)).join('')}`;
}

function xAddress(prefix: [number, number], account: Uint8Array, flag: number, tag: number, high = 0): string {
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, tag, true);
  tail[4] = high;
  return xrp58.encode(concatBytes(new Uint8Array(prefix), account, new Uint8Array([flag]), tail));
}

function strKey(version: number, key: Uint8Array): string {
  const body = concatBytes(new Uint8Array([version]), key);
  const crc = crc16xmodem(body);
  return base32nopad.encode(concatBytes(body, new Uint8Array([crc & 0xff, crc >> 8])));
}

describe('isDepositAddress agrees with validatePayoutAddress(...).valid', () => {
  it('on every address of the other validator tests, their typos, and every tag', async () => {
    const vectors = vectorsOfTheOtherTests();
    assert.ok(vectors.length > 50, `${vectors.length} vectors`);
    for (const address of vectors) {
      await agree(address, TAGS);
      for (const typo of typos(address)) await agree(typo, [null, '1']);
    }
  });

  it('on what the sandbox generates for every currency, and their typos', async () => {
    for (const currency of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT', 'XRP']) {
      for (let counter = 0; counter < 10; counter++) {
        const address = generateAddress(currency, 42, counter);
        assert.equal(await isDepositAddress(currency, address, currency === 'XRP' ? '7' : null), true, address);
        await agree(address);
        for (const typo of typos(address)) await agree(typo);
      }
    }
  });

  it('on Base58Check of every version byte and length around 25, in both alphabets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 19, max: 22 }), fc.boolean(), async (version, length, xrp) => {
        const payload = concatBytes(
          new Uint8Array([version]),
          new Uint8Array(length).map((_, i) => (i * 37 + version) & 255),
        );
        const address = (xrp ? xrp58 : b58).encode(payload);
        await agree(address, TAGS.slice(0, 4));
      }),
      { numRuns: RUNS },
    );
  });

  it('on segwit and plain bech32 of every version, program length and prefix', async () => {
    const hrp = fc.constantFrom('bc', 'tb', 'bcrt', 'ltc', 'tltc', 'rltc', 'bnb', 'tbnb', 'xx');
    await fc.assert(
      fc.asyncProperty(
        hrp,
        fc.integer({ min: 0, max: 17 }),
        fc.uint8Array({ minLength: 0, maxLength: 42 }),
        fc.boolean(),
        fc.boolean(),
        async (prefix, version, program, modern, upper) => {
          const words = prefix.includes('bnb') ? bech32.toWords(program) : [version, ...bech32.toWords(program)];
          const text = (modern ? bech32m : bech32).encode(prefix, words, false);
          await agree(upper ? text.toUpperCase() : text, ['', 'memo']);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on CashAddr of every version byte, hash length and prefix, with and without the prefix', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('bitcoincash', 'bchtest', 'bchreg'),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(19, 20, 24, 32, 33, 64),
        fc.boolean(),
        async (prefix, version, size, bare) => {
          const address = cashAddr(
            prefix,
            version,
            new Uint8Array(size).map((_, i) => (i * 13 + version) & 255),
          );
          await agree(bare ? address.slice(prefix.length + 1) : address);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on EVM addresses in every case', async () => {
    await fc.assert(
      fc.asyncProperty(bytes(20), fc.constantFrom('eip55', 'lower', 'upper', 'flip'), async (raw, style) => {
        const hex = bytesToHex(raw);
        const good = eip55(hex);
        const i = good.slice(2).search(/[a-fA-F]/);
        const address =
          style === 'eip55'
            ? good
            : style === 'lower'
              ? `0x${hex}`
              : style === 'upper'
                ? `0x${hex.toUpperCase()}`
                : i < 0
                  ? good
                  : good.slice(0, i + 2) +
                    (good[i + 2] === good[i + 2]!.toUpperCase() ? good[i + 2]!.toLowerCase() : good[i + 2]!.toUpperCase()) +
                    good.slice(i + 3);
        await agree(address);
      }),
      { numRuns: RUNS },
    );
  });

  it('on X-addresses of every prefix, flag and tag, and Stellar keys of every version', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<[number, number]>([0x05, 0x44], [0x04, 0x93], [0x05, 0x45]),
        bytes(20),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(0, 1, 7, 4294967295),
        fc.constantFrom(0, 1),
        async (prefix, account, flag, tag, high) => {
          await agree(xAddress(prefix, account, flag, tag, high), [null, '', '7', '007', '8', 'memo']);
        },
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(6 << 3, 12 << 3, 18 << 3, 2 << 3, (6 << 3) | 1), bytes(32), async (version, key) => {
        await agree(strKey(version, key), TAGS);
      }),
      { numRuns: RUNS },
    );
  });

  it('on anything at all', async () => {
    const chars = [...new Set([...BASE58, ...BECH32, ...'0OIl:._-<> \u200b'])];
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...chars), maxLength: 70 }), async (text) => {
        await agree(text);
      }),
      { numRuns: RUNS },
    );
    await agree('x'.repeat(129));
    await agree(base58.encode(new Uint8Array(25)));
  });

  it('refuses currencies it cannot check', async () => {
    assert.equal(await isDepositAddress('EUR', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), false);
    assert.equal(await isDepositAddress('btc', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), true);
  });
});
