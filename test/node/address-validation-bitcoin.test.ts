/**
 * Payout address validation (src/core/address-validation) of the Bitcoin family: segwit (BIP-173/350
 * vectors), Bitcoin Cash CashAddr (spec vectors) and Base58Check for Bitcoin, Litecoin and Dogecoin.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { validatePayoutAddress } from '../../src/core/address-validation/index.js';
import { cashAddrChecksumOk, cashAddrPolymod, decodeCashAddrPayload } from '../../src/core/address-validation/cashaddr.js';
import { BASE58, BECH32, invalid, substitute, valid } from '../helpers/address-verdicts.js';

const base58check = createBase58check(sha256);

// ── BIP-173 / BIP-350 ─────────────────────────────────────────────────────────────────────────────────────
describe('segwit addresses (BIP-173, BIP-350 vectors)', () => {
  it('accepts the valid mainnet vectors in canonical lower case, with the right format', () => {
    const cases: [string, string][] = [
      ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'p2wpkh'],
      ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 'segwit-future'],
      ['BC1SW50QGDZ25J', 'segwit-future'],
      ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'segwit-future'],
      ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'p2tr'],
    ];
    for (const [address, format] of cases) {
      const r = valid(validatePayoutAddress('BTC', address));
      assert.equal(r.address, address.toLowerCase());
      assert.equal(r.format, format);
      assert.equal(r.network, 'bitcoin');
      assert.equal(r.checksum, true);
    }
  });

  it('decodes the vectors to the scriptPubKey the BIP gives (independently, from the canonical answer)', () => {
    const taproot = valid(validatePayoutAddress('BTC', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'));
    const modern = bech32m.decode(taproot.address as `${string}1${string}`);
    assert.equal(modern.words[0], 1);
    assert.equal(bytesToHex(bech32m.fromWords(modern.words.slice(1))), '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    assert.equal(bech32.decodeUnsafe(taproot.address), undefined); // the checksum kinds really differ
    const p2wpkh = valid(validatePayoutAddress('BTC', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4'));
    const decoded = bech32.decode(p2wpkh.address as `${string}1${string}`);
    assert.equal(bytesToHex(bech32.fromWords(decoded.words.slice(1))), '751e76e8199196d454941c45d1b3a323f1433bd6');
  });

  it('answers testnet for valid test-network vectors', () => {
    for (const address of [
      'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
      'tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy',
      'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c',
    ]) {
      invalid(validatePayoutAddress('BTC', address), 'testnet');
    }
  });

  it('refuses every invalid vector, each for its own reason', () => {
    const cases: [string, string][] = [
      ['tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', 'unsupported_format'], // invalid HRP
      ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', 'bad_checksum'], // bech32 instead of bech32m
      ['tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', 'bad_checksum'],
      ['BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', 'bad_checksum'],
      ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', 'bad_checksum'], // bech32m instead of bech32
      ['tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', 'bad_checksum'],
      ['bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', 'bad_characters'], // 'o' in the checksum
      ['BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', 'unsupported_format'], // witness version 17
      ['bc1pw5dgrnzv', 'bad_length'], // 1-byte program
      ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', 'bad_length'], // 41 bytes
      ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', 'bad_length'], // 16-byte v0 program
      ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', 'mixed_case'],
      ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', 'bad_length'], // >4 bits of padding
      ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', 'unsupported_format'], // non-zero padding
      ['bc1gmk9yu', 'bad_length'], // empty data section
    ];
    for (const [address, problem] of cases) invalid(validatePayoutAddress('BTC', address), problem);
  });

  it('catches a single substituted character anywhere in a bech32 address', () => {
    const good = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
    for (let at = 4; at < good.length; at++) invalid(validatePayoutAddress('BTC', substitute(good, at, BECH32)), 'bad_checksum');
  });
});

// ── CashAddr ──────────────────────────────────────────────────────────────────────────────────────────────
describe('Bitcoin Cash CashAddr (spec vectors)', () => {
  it('verifies the checksum vectors, whose payloads are deliberately not addresses', () => {
    for (const vector of [
      'prefix:x64nx6hz',
      'p:gpf8m4h7',
      'bitcoincash:qpzry9x8gf2tvdw0s3jn54khce6mua7lcw20ayyn',
      'bchtest:testnetaddress4d6njnut',
      'bchreg:555555555555555555555555555555555555555555555udxmlmrz',
    ]) {
      const [prefix, payload] = vector.split(':') as [string, string];
      assert.ok(cashAddrChecksumOk(prefix, payload), vector);
      assert.ok(!cashAddrChecksumOk(prefix, substitute(payload, -1, BECH32)), `${vector} with a typo`);
    }
    assert.equal(cashAddrPolymod([]), 0n); // c = 1 then ^1
  });

  it('translates the spec’s legacy addresses to the same hash and type', () => {
    const pairs: [string, string][] = [
      ['1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a'],
      ['1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR', 'bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy'],
      ['16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb', 'bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r'],
      ['3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC', 'bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq'],
      ['3LDsS579y7sruadqu11beEJoTjdFiFCdX4', 'bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e'],
      ['31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw', 'bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37'],
    ];
    for (const [legacy, cash] of pairs) {
      const legacyBytes = base58check.decode(legacy);
      const [prefix, payload] = cash.split(':') as [string, string];
      const decoded = decodeCashAddrPayload(prefix, payload);
      assert.ok(!('ok' in decoded), cash);
      assert.equal(bytesToHex(decoded.hash), bytesToHex(legacyBytes.slice(1)));
      assert.equal(decoded.type, legacyBytes[0] === 0 ? 0 : 1);

      const cashResult = valid(validatePayoutAddress('BCH', cash));
      assert.equal(cashResult.format, legacyBytes[0] === 0 ? 'cashaddr-p2pkh' : 'cashaddr-p2sh');
      // Without the prefix, in upper case (QR-friendly): the same canonical address.
      assert.equal(valid(validatePayoutAddress('BCH', payload.toUpperCase())).address, cash);
      const legacyResult = valid(validatePayoutAddress('BCH', legacy));
      assert.equal(legacyResult.format, legacyBytes[0] === 0 ? 'p2pkh' : 'p2sh');
      assert.equal(legacyResult.address, legacy);
    }
  });

  it('decodes the larger vectors (20–64 bytes, three prefixes), and accepts only real mainnet payout types', () => {
    const rows: [number, string, string][] = [
      [0, 'bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2', 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9'],
      [1, 'bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t', 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9'],
      [1, 'pref:pr6m7j9njldwwzlg9v7v53unlr4jkmx6ey65nvtks5', 'F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9'],
      [0, 'bitcoincash:q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0', '7ADBF6C17084BC86C1706827B41A56F5CA32865925E946EA'],
      [
        1,
        'bchtest:pvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq7fqng6m6',
        '3173EF6623C6B48FFD1A3DCC0CC6489B0A07BB47A37F47CFEF4FE69DE825C060',
      ],
      [
        0,
        'bitcoincash:qlg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96mtky5sv5w',
        'D0F346310D5513D9E01E299978624BA883E6BDA8F4C60883C10F28C2967E67EC77ECC7EEEAEAFC6DA89FAD72D11AC961E164678B868AEEEC5F2C1DA08884175B',
      ],
    ];
    for (const [type, address, hash] of rows) {
      const [prefix, payload] = address.split(':') as [string, string];
      assert.ok(cashAddrChecksumOk(prefix, payload), address);
      const decoded = decodeCashAddrPayload(prefix, payload);
      assert.ok(!('ok' in decoded), address);
      assert.equal(decoded.type, type);
      assert.equal(bytesToHex(decoded.hash), hash.toLowerCase());
    }
    valid(validatePayoutAddress('BCH', rows[0]![1]));
    invalid(validatePayoutAddress('BCH', rows[1]![1]), 'testnet');
    invalid(validatePayoutAddress('BCH', rows[3]![1]), 'unsupported_format'); // a 24-byte P2PKH hash: no such script
    invalid(validatePayoutAddress('BCH', rows[4]![1]), 'testnet'); // P2SH32, on testnet
    invalid(validatePayoutAddress('BCH', rows[2]![1]), 'bad_characters'); // "pref:" is no Bitcoin Cash network
  });

  it('refuses mixed case, a typo, a truncation and a foreign prefix', () => {
    const good = 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a';
    invalid(validatePayoutAddress('BCH', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdX6a'), 'mixed_case');
    for (const at of [12, 20, 30, -1]) invalid(validatePayoutAddress('BCH', substitute(good, at, BECH32)), 'bad_checksum');
    invalid(validatePayoutAddress('BCH', good.slice(0, -1)), 'bad_length');
    invalid(validatePayoutAddress('BCH', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b'), 'bad_characters');
    // The spec's regtest checksum vector: a good checksum around a payload that is no address (reserved bit set).
    invalid(validatePayoutAddress('BCH', 'bchreg:555555555555555555555555555555555555555555555udxmlmrz'), 'unsupported_format');
  });
});

// ── Base58Check ───────────────────────────────────────────────────────────────────────────────────────────
describe('Bitcoin, Litecoin and Dogecoin Base58Check', () => {
  const hash = hexToBytes('751e76e8199196d454941c45d1b3a323f1433bd6');
  const b58 = (version: number) => base58check.encode(concatBytes(new Uint8Array([version]), hash));

  it('accepts real and derived mainnet addresses with the right version bytes', () => {
    assert.equal(valid(validatePayoutAddress('BTC', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).format, 'p2pkh'); // the genesis block's
    assert.equal(valid(validatePayoutAddress('BTC', '3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC')).format, 'p2sh');
    assert.equal(valid(validatePayoutAddress('LTC', b58(0x30))).format, 'p2pkh');
    assert.ok(b58(0x30).startsWith('L'));
    assert.equal(valid(validatePayoutAddress('LTC', b58(0x32))).format, 'p2sh');
    assert.ok(b58(0x32).startsWith('M'));
    assert.equal(valid(validatePayoutAddress('LTC', bech32.encode('ltc', [0, ...bech32.toWords(hash)]))).format, 'p2wpkh');
    assert.equal(valid(validatePayoutAddress('DOGE', b58(0x1e))).format, 'p2pkh');
    assert.ok(b58(0x1e).startsWith('D'));
    assert.equal(valid(validatePayoutAddress('DOGE', b58(0x16))).format, 'p2sh');
  });

  it('answers testnet for test-network version bytes and HRPs', () => {
    invalid(validatePayoutAddress('BTC', b58(0x6f)), 'testnet');
    invalid(validatePayoutAddress('BTC', b58(0xc4)), 'testnet');
    invalid(validatePayoutAddress('LTC', b58(0x6f)), 'testnet');
    invalid(validatePayoutAddress('LTC', bech32.encode('tltc', [0, ...bech32.toWords(hash)])), 'testnet');
    invalid(validatePayoutAddress('DOGE', b58(0x71)), 'testnet');
    invalid(validatePayoutAddress('BCH', b58(0x6f)), 'testnet');
  });

  it('refuses Litecoin’s retired 3… form with its own explanation, not as Bitcoin', () => {
    const r = invalid(validatePayoutAddress('LTC', '3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC'), 'unsupported_format');
    assert.equal(r.suggestion, undefined);
    assert.match(r.message, /M… or ltc1/);
  });

  it('catches a substituted character, a dropped one, and Base58’s missing letters', () => {
    const genesis = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';
    for (const at of [1, 10, 20, -1]) invalid(validatePayoutAddress('BTC', substitute(genesis, at, BASE58)), 'bad_checksum');
    // A dropped character still leaves a length some 25-byte value has: Base58 can only call that a checksum error.
    invalid(validatePayoutAddress('BTC', genesis.slice(0, -1)), 'bad_checksum');
    invalid(validatePayoutAddress('BTC', genesis.slice(0, -3)), 'bad_length');
    invalid(validatePayoutAddress('BTC', `${genesis}zz`), 'bad_length');
    invalid(validatePayoutAddress('BTC', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0'), 'bad_characters'); // 0 is not Base58
    invalid(validatePayoutAddress('DOGE', substitute(b58(0x1e), 12, BASE58)), 'bad_checksum');
  });
});
