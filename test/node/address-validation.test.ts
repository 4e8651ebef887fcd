/**
 * Payout address validation (src/core/address-validation): published vectors (BIP-173/350, CashAddr spec, EIP-55,
 * XLS-5d X-addresses, Stellar strkey), well-known public addresses, every address the sandbox generates, and bad
 * input for each rule with the verdict it must get.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import {
  PAYOUT_CURRENCIES,
  payoutCurrencyRule,
  validatePayoutAddress,
  type PayoutAddressResult,
} from '../../src/core/address-validation/index.js';
import { cashAddrChecksumOk, cashAddrPolymod, decodeCashAddrPayload } from '../../src/core/address-validation/cashaddr.js';
import { crc16xmodem, toChecksumAddress } from '../../src/core/address-validation/chains.js';
import { knownCurrency } from '../../src/core/currencies.js';
import { generateAddress } from '../../src/server/sandbox/addresses.js';

const base58check = createBase58check(sha256);

function valid(result: PayoutAddressResult) {
  assert.equal(result.valid, true, `expected valid, got ${JSON.stringify(result)}`);
  return result as Extract<PayoutAddressResult, { valid: true }>;
}
function invalid(result: PayoutAddressResult, problem: string, field: 'address' | 'tag' = 'address') {
  assert.equal(result.valid, false, `expected ${problem}, got ${JSON.stringify(result)}`);
  const bad = result as Extract<PayoutAddressResult, { valid: false }>;
  assert.equal(bad.problem, problem, `expected ${problem}, got ${JSON.stringify(result)}`);
  assert.equal(bad.field, field);
  assert.ok(bad.message.length > 0);
  return bad;
}

/** Replaces the character at `at` by the next one of `alphabet` (a single substitution: the classic typo). */
function substitute(address: string, at: number, alphabet: string): string {
  const i = at < 0 ? address.length + at : at;
  const ch = address[i]!;
  const upper = alphabet === BECH32 && address === address.toUpperCase();
  const next = alphabet[(alphabet.indexOf(upper ? ch.toLowerCase() : ch) + 1) % alphabet.length]!;
  return address.slice(0, i) + (upper ? next.toUpperCase() : next) + address.slice(i + 1);
}
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const XRP58 = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';

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

// ── EIP-55 ────────────────────────────────────────────────────────────────────────────────────────────────
describe('Ethereum and ERC-20 (EIP-55)', () => {
  const mixed = [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ];
  const oneCase = [
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xde709f2102306220921060314715629080e2fb77',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
  ];

  it('accepts the EIP’s checksummed examples with checksum: true, for ETH and USDT (ERC-20)', () => {
    for (const address of mixed) {
      for (const currency of ['ETH', 'USDTE', 'usdte']) {
        const r = valid(validatePayoutAddress(currency, address));
        assert.deepEqual(
          [r.address, r.format, r.network, r.checksum, r.currency],
          [address, 'evm', 'ethereum', true, currency.toUpperCase()],
        );
      }
      assert.equal(toChecksumAddress(address.slice(2).toLowerCase()), address);
    }
  });

  it('accepts one-case addresses without a checksum (flagged), answering the checksummed form', () => {
    for (const address of [...oneCase, ...mixed.map((a) => a.toLowerCase())]) {
      const r = valid(validatePayoutAddress('ETH', address));
      assert.equal(r.checksum, false);
      assert.equal(r.address.toLowerCase(), address.toLowerCase());
      assert.equal(r.address, toChecksumAddress(address.slice(2)));
    }
    assert.equal(
      valid(validatePayoutAddress('ETH', '0xde709f2102306220921060314715629080e2fb77')).address,
      '0xde709f2102306220921060314715629080e2fb77',
    );
  });

  it('refuses a wrong capital, a wrong length, non-hex and a missing 0x', () => {
    for (const address of mixed) {
      const letter = [...address].findIndex((ch, i) => i > 2 && /[a-fA-F]/.test(ch));
      const flipped =
        address.slice(0, letter) +
        (address[letter] === address[letter]!.toUpperCase() ? address[letter]!.toLowerCase() : address[letter]!.toUpperCase()) +
        address.slice(letter + 1);
      invalid(validatePayoutAddress('ETH', flipped), 'bad_checksum');
    }
    invalid(validatePayoutAddress('ETH', mixed[0]!.slice(0, -1)), 'bad_length');
    invalid(validatePayoutAddress('ETH', `${mixed[0]}a`), 'bad_length');
    invalid(validatePayoutAddress('ETH', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg'), 'bad_characters');
    invalid(validatePayoutAddress('USDTE', mixed[0]!.slice(2)), 'unsupported_format');
    invalid(validatePayoutAddress('ETH', `0X${mixed[0]!.slice(2)}`), 'unsupported_format');
  });
});

// ── other networks ────────────────────────────────────────────────────────────────────────────────────────
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

describe('TRON (USDT TRC-20)', () => {
  it('accepts T… addresses: the USDT contract’s own, and derived ones', () => {
    const r = valid(validatePayoutAddress('USDTT', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'));
    assert.deepEqual([r.network, r.format, r.checksum], ['tron', 'tron', true]);
    valid(validatePayoutAddress('TRX', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'));
  });
  it('refuses typos, wrong version bytes and the hex form', () => {
    invalid(validatePayoutAddress('USDTT', substitute('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 15, BASE58)), 'bad_checksum');
    invalid(validatePayoutAddress('USDTT', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6'), 'bad_checksum'); // one dropped: still a plausible length
    invalid(validatePayoutAddress('USDTT', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgj'), 'bad_length');
    invalid(validatePayoutAddress('USDTT', `41${'a614f803b6fd780986a42c78ec9c7f77e6ded13c'}`), 'unsupported_format');
    const hash = hexToBytes('751e76e8199196d454941c45d1b3a323f1433bd6');
    invalid(validatePayoutAddress('USDTT', base58check.encode(concatBytes(new Uint8Array([0xa0]), hash))), 'unsupported_format');
  });
});

describe('XRP Ledger: classic, X-addresses and destination tags', () => {
  const genesis = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

  it('accepts a classic address with a tag in 0..4294967295, canonical', () => {
    for (const [tag, canonical] of [
      ['0', '0'],
      ['12345', '12345'],
      ['4294967295', '4294967295'],
      [' 0042 ', '42'],
    ]) {
      const r = valid(validatePayoutAddress('XRP', genesis, tag));
      assert.deepEqual([r.address, r.tag, r.format, r.network], [genesis, canonical, 'xrp-classic', 'xrp-ledger']);
    }
  });

  it('requires the tag, and refuses tags that are not a uint32', () => {
    invalid(validatePayoutAddress('XRP', genesis), 'tag_required', 'tag');
    invalid(validatePayoutAddress('XRP', genesis, '   '), 'tag_required', 'tag');
    for (const tag of ['abc', '-1', '4294967296', '1.5', '1e3', '12345678901', '<b>1</b>', '１２３']) {
      invalid(validatePayoutAddress('XRP', genesis, tag), 'tag_invalid', 'tag');
    }
  });

  it('accepts no tag only when the customer said the address needs none (their own wallet), never a bad one', () => {
    const r = valid(validatePayoutAddress('XRP', genesis, '', { noTagNeeded: true }));
    assert.equal(r.tag, undefined);
    invalid(validatePayoutAddress('XRP', genesis, 'abc', { noTagNeeded: true }), 'tag_invalid', 'tag');
    invalid(validatePayoutAddress('XLM', 'not an account', '', { noTagNeeded: true }), 'bad_characters', 'address');
  });

  it('reads X-addresses (XLS-5d vectors): the classic address and the tag they carry', () => {
    const r = valid(validatePayoutAddress('XRP', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi'));
    assert.deepEqual([r.address, r.tag, r.format], ['rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf', '4294967295', 'xrp-x-address']);
    assert.equal(valid(validatePayoutAddress('XRP', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi', '4294967295')).tag, '4294967295');
    invalid(validatePayoutAddress('XRP', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi', '7'), 'tag_invalid', 'tag');
    invalid(validatePayoutAddress('XRP', 'T7oKJ3q7s94kDH6tpkBowhetT1JKfcfdSCmAXbS75iATyLD'), 'testnet'); // r3SVzk8…, tag 123, test
    invalid(validatePayoutAddress('XRP', substitute('XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi', 20, XRP58)), 'bad_checksum');
  });

  it('refuses typos and lengths in classic addresses', () => {
    invalid(validatePayoutAddress('XRP', substitute(genesis, 10, XRP58), '1'), 'bad_checksum');
    invalid(validatePayoutAddress('XRP', genesis.slice(0, -2), '1'), 'bad_length');
  });
});

describe('Stellar, BNB Beacon Chain and EOS (memo currencies)', () => {
  const stellarAccount = 'GA3D5KRYM6CB7OWQ6TWYRR3Z4T7GNZLKERYNZGGA5SOAOPIFY6YQHES5';

  it('Stellar: the strkey vector decodes with its CRC16; memo id or text', () => {
    const r = valid(validatePayoutAddress('XLM', stellarAccount, '18446744073709551615'));
    assert.deepEqual([r.format, r.tag, r.checksum], ['stellar-account', '18446744073709551615', true]);
    assert.equal(valid(validatePayoutAddress('XLM', stellarAccount, 'order 42')).tag, 'order 42');
    assert.equal(crc16xmodem(new TextEncoder().encode('123456789')), 0x31c3); // the CRC-16/XMODEM check value
    invalid(validatePayoutAddress('XLM', stellarAccount), 'tag_required', 'tag');
    invalid(validatePayoutAddress('XLM', stellarAccount, 'x'.repeat(29)), 'tag_invalid', 'tag');
    invalid(validatePayoutAddress('XLM', stellarAccount, '18446744073709551616'), 'tag_invalid', 'tag');
    invalid(validatePayoutAddress('XLM', substitute(stellarAccount, 30, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), '1'), 'bad_checksum');
    invalid(validatePayoutAddress('XLM', stellarAccount.toLowerCase(), '1'), 'bad_characters');
    invalid(validatePayoutAddress('XLM', stellarAccount.slice(0, -1), '1'), 'bad_length');
    invalid(validatePayoutAddress('XLM', `M${'A'.repeat(68)}`, '1'), 'unsupported_format');
  });

  it('BNB Beacon Chain: bech32 bnb1 of 20 bytes, with a memo', () => {
    const address = 'bnb1grpf0955h0ykzq3ar5nmum7y6gdfl6lxfn46h2';
    assert.equal(valid(validatePayoutAddress('BNB', address, '104547')).address, address);
    invalid(validatePayoutAddress('BNB', address), 'tag_required', 'tag');
    invalid(validatePayoutAddress('BNB', substitute(address, 10, BECH32), '1'), 'bad_checksum');
    invalid(validatePayoutAddress('BNB', bech32.encode('tbnb', bech32.toWords(new Uint8Array(20).fill(7))), '1'), 'testnet');
    invalid(validatePayoutAddress('BNB', bech32.encode('bnb', bech32.toWords(new Uint8Array(32).fill(7))), '1'), 'bad_length');
    invalid(validatePayoutAddress('BNB', address, '<img src=x onerror=alert(1)>'), 'tag_invalid', 'tag');
  });

  it('EOS: account names (no checksum, flagged), memo required', () => {
    const r = valid(validatePayoutAddress('EOS', 'binancecleos', '103117718'));
    assert.deepEqual([r.format, r.checksum, r.tag], ['eos-account', false, '103117718']);
    invalid(validatePayoutAddress('EOS', 'binancecleos'), 'tag_required', 'tag');
    invalid(validatePayoutAddress('EOS', 'BinanceCleos', '1'), 'bad_characters');
    invalid(validatePayoutAddress('EOS', 'binance6leos', '1'), 'bad_characters');
    invalid(validatePayoutAddress('EOS', 'binancecleos1', '1'), 'bad_length');
    invalid(validatePayoutAddress('EOS', 'binance.', '1'), 'unsupported_format');
    invalid(validatePayoutAddress('EOS', 'EOS6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5GDW5CV', '1'), 'unsupported_format');
  });
});

// ── network mismatch ──────────────────────────────────────────────────────────────────────────────────────
describe('wrong network', () => {
  const eth = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
  const tron = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
  const btc = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
  const ltc = bech32.encode('ltc', [0, ...bech32.toWords(hexToBytes('751e76e8199196d454941c45d1b3a323f1433bd6'))]);
  const cash = 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a';
  const doge = base58check.encode(concatBytes(new Uint8Array([0x1e]), hexToBytes('751e76e8199196d454941c45d1b3a323f1433bd6')));
  const xrp = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

  it('names the network the address belongs to and suggests the same asset there, else its native coin', () => {
    const cases: [string, string, string, string][] = [
      ['USDTT', eth, 'USDTE', 'ethereum'],
      ['USDTE', tron, 'USDTT', 'tron'],
      ['ETH', tron, 'TRX', 'tron'],
      ['LTC', btc, 'BTC', 'bitcoin'],
      ['LTC', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'BTC', 'bitcoin'],
      ['BTC', ltc, 'LTC', 'litecoin'],
      ['BTC', cash, 'BCH', 'bitcoin-cash'],
      ['BCH', btc, 'BTC', 'bitcoin'],
      ['BTC', doge, 'DOGE', 'dogecoin'],
      ['DOGE', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'BTC', 'bitcoin'],
      ['BTC', xrp, 'XRP', 'xrp-ledger'],
      ['XRP', eth, 'ETH', 'ethereum'],
      ['XRP', 'GA3D5KRYM6CB7OWQ6TWYRR3Z4T7GNZLKERYNZGGA5SOAOPIFY6YQHES5', 'XLM', 'stellar'],
      ['EOS', eth, 'ETH', 'ethereum'],
      ['ETH', 'bnb1grpf0955h0ykzq3ar5nmum7y6gdfl6lxfn46h2', 'BNB', 'bnb-beacon-chain'],
    ];
    for (const [currency, address, suggested, network] of cases) {
      const r = invalid(validatePayoutAddress(currency, address, '1'), 'wrong_network');
      assert.deepEqual(r.suggestion, { currency: suggested, network }, `${address} for ${currency}`);
    }
  });

  it('answers testnet (no suggestion) for another network’s test address', () => {
    const r = invalid(validatePayoutAddress('LTC', 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7'), 'testnet');
    assert.equal(r.suggestion, undefined);
  });

  it('does not take a typo for another network', () => {
    const r = invalid(validatePayoutAddress('USDTT', substitute(tron, 15, BASE58)), 'bad_checksum');
    assert.equal(r.suggestion, undefined);
  });
});

// ── hostile and careless input ────────────────────────────────────────────────────────────────────────────
describe('input that is no address at all', () => {
  it('empty and whitespace-only', () => {
    for (const text of ['', ' ', '\t\n ', '\u00a0']) invalid(validatePayoutAddress('BTC', text), 'empty');
  });

  it('trims the edges, but refuses spaces, invisible characters and look-alike letters inside', () => {
    assert.equal(
      valid(validatePayoutAddress('BTC', '  1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n')).address,
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
    );
    invalid(validatePayoutAddress('BTC', '1A1zP1eP5QGefi2DMP TfTL5SLmv7DivfNa'), 'bad_characters');
    invalid(validatePayoutAddress('BTC', '1A1zP1eP5QGefi2DMP\u200bTfTL5SLmv7DivfNa'), 'bad_characters');
    invalid(validatePayoutAddress('ETH', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeАed'), 'bad_characters'); // Cyrillic А
  });

  it('markup and script strings', () => {
    for (const text of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '${7*7}', 'bc1q<b>x</b>']) {
      for (const currency of ['BTC', 'ETH', 'XRP', 'USDTT', 'EOS']) {
        const r = validatePayoutAddress(currency, text, '1');
        assert.equal(r.valid, false, `${text} for ${currency}`);
        assert.ok(r.valid === false && ['bad_characters', 'unsupported_format'].includes(r.problem), `${text}: ${JSON.stringify(r)}`);
      }
    }
  });

  it('a payment link pasted instead of the address', () => {
    invalid(validatePayoutAddress('BTC', 'bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=1'), 'unsupported_format');
    invalid(validatePayoutAddress('ETH', 'ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), 'unsupported_format');
  });

  it('too long for any address', () => {
    invalid(validatePayoutAddress('BTC', '1'.repeat(129)), 'bad_length');
  });

  it('private keys, seeds and recovery phrases are named as such', () => {
    for (const [currency, secret] of [
      ['BTC', 'KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn'], // WIF (bitcoinjs fixture)
      ['BTC', '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ'], // uncompressed WIF (Bitcoin wiki example)
      ['ETH', '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'],
      ['ETH', '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'],
      ['BTC', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'],
    ] as const) {
      const r = invalid(validatePayoutAddress(currency, secret), 'private_key');
      assert.doesNotMatch(r.message, new RegExp(secret.slice(4, 20)));
    }
  });

  it('unknown and fiat currencies', () => {
    for (const currency of ['EUR', 'USD', 'NOPE', '', '__proto__', 'constructor']) {
      invalid(validatePayoutAddress(currency, '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'), 'unsupported_currency');
    }
  });

  it('a tag for a currency that uses none', () => {
    invalid(validatePayoutAddress('BTC', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', '123'), 'tag_invalid', 'tag');
    valid(validatePayoutAddress('BTC', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', '  '));
  });
});

// ── the catalogue and the sandbox ─────────────────────────────────────────────────────────────────────────
describe('coverage of the catalogue and the sandbox', () => {
  it('every crypto currency of src/core/currencies.ts has a rule, with the catalogue’s tag requirement', () => {
    for (const code of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT', 'XRP', 'BNB', 'XLM', 'EOS', 'EUR', 'USD']) {
      const known = knownCurrency(code)!;
      const rule = payoutCurrencyRule(code);
      if (known.type === 'fiat') {
        assert.equal(rule, undefined, code);
        continue;
      }
      assert.ok(rule, code);
      assert.ok(PAYOUT_CURRENCIES.includes(code));
      assert.equal(Boolean(rule.tag?.required), known.requires_tag, code);
    }
  });

  it('accepts every address the sandbox generates, unchanged', () => {
    let count = 0;
    for (const currency of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT', 'XRP']) {
      for (const seed of [1, 42, 20240501]) {
        for (let counter = 0; counter < 40; counter++) {
          const address = generateAddress(currency, seed, counter);
          const r = valid(validatePayoutAddress(currency, address, currency === 'XRP' ? String(counter) : undefined));
          assert.equal(r.address, address);
          assert.equal(r.checksum, true);
          count++;
        }
      }
    }
    assert.equal(count, 8 * 3 * 40);
  });

  it('refuses each sandbox address offered for a currency of another network', () => {
    const networkOf = (c: string) => payoutCurrencyRule(c)!.network;
    for (const from of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTT', 'XRP']) {
      const address = generateAddress(from, 7, 0);
      for (const to of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT', 'XRP']) {
        if (networkOf(from) === networkOf(to)) continue;
        const r = invalid(validatePayoutAddress(to, address, '1'), 'wrong_network');
        assert.equal(r.suggestion!.network, networkOf(from), `${from} address for ${to}`);
      }
    }
  });
});
