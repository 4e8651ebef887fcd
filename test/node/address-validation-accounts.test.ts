/**
 * Payout address validation (src/core/address-validation) of account-based networks: Ethereum and ERC-20
 * (EIP-55), TRON, the XRP Ledger (X-addresses, XLS-5d vectors, destination tags), Stellar (strkey), BNB Beacon Chain, EOS.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { validatePayoutAddress } from '../../src/core/address-validation/index.js';
import { crc16xmodem, toChecksumAddress } from '../../src/core/address-validation/chains.js';
import { BASE58, BECH32, invalid, substitute, valid, XRP58 } from '../helpers/address-verdicts.js';

const base58check = createBase58check(sha256);

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
