/**
 * Payout address validation (src/core/address-validation) as a careless or hostile customer meets it: an
 * address of the wrong network, input that is no address at all; and coverage of the catalogue and of every address
 * the sandbox generates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bech32, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { PAYOUT_CURRENCIES, payoutCurrencyRule, validatePayoutAddress } from '../../src/core/address-validation/index.js';
import { knownCurrency } from '../../src/core/currencies.js';
import { generateAddress } from '../../src/server/sandbox/addresses.js';
import { BASE58, invalid, substitute, valid } from '../helpers/address-verdicts.js';

const base58check = createBase58check(sha256);

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
