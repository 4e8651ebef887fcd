import { expect } from '@open-wc/testing';
import {
  compareDecimal,
  cryptoForFiat,
  formatDecimal,
  formatMoney,
  percentOf,
  toSmallestUnit,
  trimDecimal,
} from '../../src/core/amount.js';
import { knownCurrency, USDT_ERC20_CONTRACT } from '../../src/core/currencies.js';
import { walletUri } from '../../src/core/wallet-uri.js';

const BTC_BECH32 = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const ETH = '0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe';

describe('amounts (big.js, decimal strings)', () => {
  it('computes the crypto amount for a fiat price, rounded up so the merchant is never short', () => {
    expect(cryptoForFiat('106.75', '85000', 8)).to.equal('0.00125589'); // 0.0012558823…
    expect(cryptoForFiat('100', '50000', 8)).to.equal('0.00200000'); // exact: not moved
    expect(cryptoForFiat('10', '3', 2)).to.equal('3.34');
    expect(cryptoForFiat('25', '0.92000000', 6)).to.equal('27.173914'); // 27.1739130…
  });

  it('keeps amount × price ≥ fiat even past big.js division places', () => {
    const amount = cryptoForFiat('1', '3', 20);
    expect(amount).to.equal('0.33333333333333333334');
  });

  it('refuses a price that is not positive', () => {
    expect(() => cryptoForFiat('1', '0', 8)).to.throw(RangeError);
  });

  it('converts to integer smallest units by decimal arithmetic', () => {
    expect(toSmallestUnit('0.1', 18)).to.equal('100000000000000000');
    expect(toSmallestUnit('1.23456789', 18)).to.equal('1234567890000000000');
    expect(toSmallestUnit('12.345678', 6)).to.equal('12345678');
    expect(toSmallestUnit('0.00000001', 8)).to.equal('1');
  });

  it('trims, compares and takes percentages as strings', () => {
    expect(trimDecimal('0.00100000')).to.equal('0.001');
    expect(trimDecimal('10.0')).to.equal('10');
    expect(trimDecimal('0.00000001')).to.equal('0.00000001'); // never 1e-8
    expect(compareDecimal('0.0001', '0.00010000')).to.equal(0);
    expect(compareDecimal('0.00009', '0.0001')).to.equal(-1);
    expect(percentOf('100', '0.99', 2)).to.equal('0.99');
    expect(percentOf('0.00125589', '0.99', 8)).to.equal('0.00001244');
  });

  it('formats for people in their locale without losing a digit', () => {
    expect(formatDecimal('1234.5', 'de-DE')).to.equal('1.234,5');
    expect(formatDecimal('0.00000001', 'en-US')).to.equal('0.00000001');
    expect(formatDecimal('12345678901234567.123456789', 'en-US')).to.equal('12,345,678,901,234,567.123456789');
    expect(formatMoney('106.75', 'EUR', 'en-GB')).to.equal('€106.75');
    expect(formatMoney('106.5', 'EUR', 'de-DE')).to.equal('106,50\u00a0€');
    expect(formatMoney('1', 'BTC', 'en-US')).to.match(/1(\.00)?\sBTC|BTC\s?1/);
  });
});

describe('currency catalogue', () => {
  it('names networks of multi-network tokens and tags', () => {
    expect(knownCurrency('USDTT')?.network).to.equal('TRON (TRC-20)');
    expect(knownCurrency('USDTE')?.contract).to.equal(USDT_ERC20_CONTRACT);
    expect(knownCurrency('XRP')?.requires_tag).to.equal(true);
    expect(knownCurrency('toString')).to.equal(undefined);
  });
});

describe('wallet URIs', () => {
  it('BIP21 with the amount in plain decimal, bech32 upper-cased only in the QR', () => {
    const { uri, qr, openable } = walletUri({ currency: 'BTC', address: BTC_BECH32, amount: '0.00125000' });
    expect(uri).to.equal(`bitcoin:${BTC_BECH32}?amount=0.00125`);
    expect(qr).to.equal(`BITCOIN:${BTC_BECH32.toUpperCase()}?amount=0.00125`);
    expect(openable).to.equal(true);
  });

  it('never upper-cases a case-sensitive (base58) address', () => {
    const { uri, qr } = walletUri({ currency: 'BTC', address: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', amount: '0.1' });
    expect(uri).to.equal('bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT?amount=0.1');
    expect(qr).to.equal(uri);
  });

  it('writes amounts with "." and no grouping whatever the locale', () => {
    document.documentElement.lang = 'de-DE';
    try {
      expect(walletUri({ currency: 'DOGE', address: 'DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L', amount: '1234.50000000' }).uri).to.equal(
        'dogecoin:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L?amount=1234.5',
      );
    } finally {
      document.documentElement.lang = '';
    }
    expect(walletUri({ currency: 'LTC', address: 'ltc1qg82tltmzcyvkd2wtvsy3ajm8pmrrv2p2p2p2p2', amount: '0.05' }).uri).to.equal(
      'litecoin:ltc1qg82tltmzcyvkd2wtvsy3ajm8pmrrv2p2p2p2p2?amount=0.05',
    );
  });

  it('does not repeat the CashAddr prefix', () => {
    expect(walletUri({ currency: 'BCH', address: 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a', amount: '0.5' }).uri).to.equal(
      'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a?amount=0.5',
    );
    expect(walletUri({ currency: 'BCH', address: 'qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a' }).uri).to.equal(
      'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a',
    );
  });

  it('EIP-681 for ether, in wei', () => {
    expect(walletUri({ currency: 'ETH', address: ETH, amount: '0.00500000' }).uri).to.equal(`ethereum:${ETH}?value=5000000000000000`);
    expect(walletUri({ currency: 'ETH', address: ETH, amount: '1.23456789' }).uri).to.equal(`ethereum:${ETH}?value=1234567890000000000`);
  });

  it('EIP-681 transfer for USDT on Ethereum, in 6-decimal units', () => {
    expect(walletUri({ currency: 'USDTE', address: ETH, amount: '12.345678' }).uri).to.equal(
      `ethereum:${USDT_ERC20_CONTRACT}/transfer?address=${ETH}&uint256=12345678`,
    );
  });

  it('XRP: the address with dt=tag, nothing a browser would open', () => {
    const result = walletUri({ currency: 'XRP', address: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe', tag: '12345', amount: '10' });
    expect(result).to.deep.equal({
      uri: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe?dt=12345',
      qr: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe?dt=12345',
      openable: false,
    });
  });

  it('the bare address where no standard exists (TRON) or the address is not an address', () => {
    expect(walletUri({ currency: 'USDTT', address: 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8', amount: '5' }).uri).to.equal(
      'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8',
    );
    const hostile = '<img src=x onerror=alert(1)>';
    expect(walletUri({ currency: 'BTC', address: hostile, amount: '1' })).to.deep.equal({ uri: hostile, qr: hostile, openable: false });
    expect(walletUri({ currency: 'ETH', address: 'javascript:alert(1)', amount: '1' }).openable).to.equal(false);
  });
});
