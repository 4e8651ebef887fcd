/**
 * Deposit addresses: valid formats checked with independent decoders (checksums included), deterministic by seed,
 * reused per (foreign_id, currency, convert_to) as CoinsPaid does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base58xrp, bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { cashAddr } from '../../src/server/sandbox/addresses.js';
import { dataOf } from '../helpers/sandbox-client.js';
import { type RunningSandbox, startSandbox, type SandboxHarness, useSandbox } from '../helpers/use-sandbox.js';

const base58check = createBase58check(sha256);

// ── independent reference implementations ────────────────────────────────────────────────────────────────────
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** CashAddr's BCH-code checksum (spec: github.com/bitcoincashorg/bitcoincash.org spec/cashaddr.md), written here anew. */
function polymod(values: number[]): bigint {
  const generators = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
  let chk = 1n;
  for (const value of values) {
    const top = chk >> 35n;
    chk = ((chk & 0x07ffffffffn) << 5n) ^ BigInt(value);
    generators.forEach((g, i) => {
      if ((top >> BigInt(i)) & 1n) chk ^= g;
    });
  }
  return chk ^ 1n;
}

/** Decodes and checks a CashAddr; returns the version byte and hash. */
function decodeCashAddr(address: string): { prefix: string; version: number; hash: Uint8Array } {
  const [prefix, payload] = address.includes(':') ? (address.split(':') as [string, string]) : ['bitcoincash', address];
  const values = [...payload].map((ch) => {
    const v = CHARSET.indexOf(ch);
    assert.ok(v >= 0, `bad CashAddr character ${ch}`);
    return v;
  });
  assert.equal(polymod([...[...prefix].map((c) => c.charCodeAt(0) & 31), 0, ...values]), 0n, `CashAddr checksum of ${address}`);
  const bytes = bech32.fromWords(values.slice(0, -8));
  return { prefix, version: bytes[0]!, hash: Uint8Array.from(bytes.slice(1)) };
}

function isEip55(address: string): boolean {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return false;
  const lower = address.slice(2).toLowerCase();
  const digest = bytesToHex(keccak_256(utf8ToBytes(lower)));
  return [...lower].every((ch, i) => (parseInt(digest[i]!, 16) >= 8 ? ch.toUpperCase() : ch) === address[2 + i]);
}

function decodeXrp(address: string): Uint8Array {
  const bytes = base58xrp.decode(address);
  assert.equal(bytes.length, 25);
  const body = bytes.slice(0, 21);
  assert.deepEqual(bytes.slice(21), sha256(sha256(body)).slice(0, 4), 'XRP checksum');
  return body;
}

function checkFormat(currency: string, address: string): void {
  switch (currency) {
    case 'BTC':
    case 'LTC': {
      const { prefix, words } = bech32.decode(address as `${string}1${string}`);
      assert.equal(prefix, currency === 'BTC' ? 'bc' : 'ltc');
      assert.equal(words[0], 0, 'witness version 0');
      assert.equal(bech32.fromWords(words.slice(1)).length, 20, 'P2WPKH program');
      assert.ok(address.startsWith(currency === 'BTC' ? 'bc1q' : 'ltc1q'));
      return;
    }
    case 'BCH': {
      assert.ok(address.startsWith('bitcoincash:q'), address);
      const { prefix, version, hash } = decodeCashAddr(address);
      assert.equal(prefix, 'bitcoincash');
      assert.equal(version, 0, 'P2PKH, 160-bit');
      assert.equal(hash.length, 20);
      return;
    }
    case 'DOGE': {
      const bytes = base58check.decode(address);
      assert.equal(bytes.length, 21);
      assert.equal(bytes[0], 0x1e, 'Dogecoin P2PKH version');
      assert.ok(address.startsWith('D'));
      return;
    }
    case 'ETH':
    case 'USDTE':
      assert.ok(isEip55(address), `EIP-55 checksum of ${address}`);
      assert.notEqual(address, address.toLowerCase(), 'mixed case');
      return;
    case 'USDTT': {
      const bytes = base58check.decode(address);
      assert.equal(bytes.length, 21);
      assert.equal(bytes[0], 0x41, 'TRON address prefix');
      assert.ok(address.startsWith('T'));
      assert.equal(address.length, 34);
      return;
    }
    case 'XRP': {
      assert.ok(address.startsWith('r'));
      assert.equal(decodeXrp(address)[0], 0, 'XRP account ID type prefix');
      return;
    }
    default:
      assert.fail(`no check for ${currency}`);
  }
}

const CRYPTO = ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT', 'XRP'];
const one = useSandbox({ seed: 1 });
const twin = useSandbox({ seed: 1 });
const other = useSandbox({ seed: 2 });
const { clock } = one;

type Address = { id: number; address: string; tag: string | null; currency: string; convert_to: string | null; foreign_id: string };
const take = async (s: RunningSandbox | SandboxHarness, body: Record<string, unknown>) =>
  dataOf<Address>(await s.api('addresses/take', body), 201);

describe('sandbox addresses: valid formats', () => {
  it('the reference checksum: the test polymod and the sandbox encoder agree with the CashAddr specification vector', () => {
    // Spec vector: 1PQPheJQSauxRPTxzNMUco1XmoCyPoEJCp ↔ bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2.
    const legacy = createBase58check(sha256).decode('1PQPheJQSauxRPTxzNMUco1XmoCyPoEJCp');
    const hash = legacy.slice(1);
    assert.equal(bytesToHex(hash), 'f5bf48b397dae70be82b3cca4793f8eb2b6cdac9');
    assert.equal(cashAddr(hash), 'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2');
    assert.deepEqual(decodeCashAddr('bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2').hash, hash);
    assert.throws(() => decodeCashAddr('bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg3'), /checksum/);
  });

  it('the test EIP-55 check accepts the specification examples and refuses a flipped case', () => {
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    ])
      assert.ok(isEip55(a), a);
    assert.ok(!isEip55('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed'));
    assert.ok(isEip55(`0x${bytesToHex(hexToBytes('00'.repeat(20)))}`), 'all digits: any case is valid');
  });

  for (const currency of CRYPTO) {
    it(`${currency}: every generated address decodes with a valid checksum in the currency's real format`, async () => {
      for (let i = 0; i < 5; i++) {
        const a = await take(one, { foreign_id: `fmt-${currency}-${i}`, currency });
        checkFormat(currency, a.address);
        if (currency === 'XRP') assert.match(a.tag ?? '', /^\d+$/, 'XRP destination tag');
        else assert.equal(a.tag, null);
      }
    });
  }

  it('exchange addresses (convert_to) have the same format as plain ones', async () => {
    for (const currency of CRYPTO)
      checkFormat(currency, (await take(one, { foreign_id: `fmt-x-${currency}`, currency, convert_to: 'EUR' })).address);
  });
});

describe('sandbox addresses: deterministic and reused', () => {
  it('gives the same addresses for the same seed and sequence of requests, other addresses for another seed', async () => {
    // `twin` and `other` have issued nothing yet; a third sandbox with twin's seed starts from the same point.
    const third = await startSandbox({ clock, seed: 1 });
    try {
      for (const currency of CRYPTO) {
        const body = { foreign_id: `det-${currency}`, currency };
        const a = await take(third, body);
        const b = await take(twin, body);
        const c = await take(other, body);
        assert.equal(a.address, b.address, currency);
        assert.notEqual(a.address, c.address, currency);
      }
    } finally {
      await third.close();
    }
  });

  it('reuses the address for the same foreign_id, currency and convert_to', async () => {
    const first = await take(one, { foreign_id: 'user-id:2048', currency: 'BTC', convert_to: 'EUR' });
    const again = await take(one, { foreign_id: 'user-id:2048', currency: 'BTC', convert_to: 'EUR' });
    assert.deepEqual(again, first);
  });

  it('gives another address for another foreign_id, currency or convert_to', async () => {
    const base = await take(one, { foreign_id: 'reuse-a', currency: 'LTC' });
    const variants = await Promise.all([
      take(one, { foreign_id: 'reuse-b', currency: 'LTC' }),
      take(one, { foreign_id: 'reuse-a', currency: 'LTC', convert_to: 'EUR' }),
      take(one, { foreign_id: 'reuse-a', currency: 'LTC', convert_to: 'USD' }),
    ]);
    const all = new Set([base.address, ...variants.map((v) => v.address)]);
    assert.equal(all.size, 4);
    assert.equal(new Set([base.id, ...variants.map((v) => v.id)]).size, 4);
  });

  it('gives XRP addresses distinct destination tags', async () => {
    const tags = new Set<string | null>();
    for (let i = 0; i < 5; i++) tags.add((await take(one, { foreign_id: `tag-${i}`, currency: 'XRP' })).tag);
    assert.equal(tags.size, 5);
  });

  it('issues the same first addresses again after a reset', async () => {
    const fresh = await startSandbox({ clock, seed: 1 });
    try {
      const before = await take(fresh, { foreign_id: 'r1', currency: 'ETH' });
      await fresh.control('reset');
      const after = await take(fresh, { foreign_id: 'r1', currency: 'ETH' });
      assert.equal(after.address, before.address);
    } finally {
      await fresh.close();
    }
  });
});
