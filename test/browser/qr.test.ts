import { expect } from '@open-wc/testing';
import { WALLET_URIS } from '../../src/core/currencies.js';
import { walletUri } from '../../src/core/wallet-uri.js';
import { qrPath, QUIET_ZONE } from '../../src/element/qr.js';
import { generateAddress } from '../../src/server/sandbox/addresses.js';
import { decodePath } from './helpers/decode-qr.js';

/** A valid address of each currency the sandbox does not make addresses for, with the tag it needs. */
const ADDRESSES: Record<string, { address: string; tag?: string }> = {
  BNB: { address: 'bnb1grpf0955h0ykzq3ar5nmum7y6gdfl6lxfn46h2', tag: '104982' },
  XLM: { address: 'GA3D5KRYM6CB7OWQ6TWYRR3Z4T7GNZLKERYNZGGA5SOAOPIFY6YQHES5', tag: '1234567890' },
  EOS: { address: 'coinspaidhot', tag: 'order 42' },
  XRP: { address: generateAddress('XRP', 7, 0), tag: '3704412009' },
};

describe('QR path (qrcode’s encoder, drawn as one SVG path)', () => {
  for (const text of [
    'bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00125589',
    'BITCOIN:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ?amount=0.00125589',
    'ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7/transfer?address=0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe&uint256=12345678',
    '<img src=x onerror=alert(1)>',
  ]) {
    it(`decodes back to exactly ${text.slice(0, 24)}…`, () => {
      const { d, size } = qrPath(text);
      expect(decodePath(d, size)).to.equal(text);
    });
  }

  for (const currency of Object.keys(WALLET_URIS).filter((code) => code !== 'EUR' && code !== 'USD')) {
    it(`decodes every currency's payment QR in Chromium: ${currency}`, () => {
      const { address, tag = null } = ADDRESSES[currency] ?? { address: generateAddress(currency, 7, 0) };
      const uri = walletUri({ currency, address, amount: '0.00125589', tag });
      const { d, size } = qrPath(uri.qr);
      expect(decodePath(d, size)).to.equal(uri.qr);
      expect(uri.qr.toLowerCase()).to.contain(address.toLowerCase());
    });
  }

  it('draws the upper-cased bech32 URI (alphanumeric mode) a size smaller than the same URI in lower case', () => {
    const uri = walletUri({ currency: 'BTC', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', amount: '0.00125589' });
    expect(uri.qr).to.equal('BITCOIN:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ?amount=0.00125589');
    expect(qrPath(uri.qr).size).to.be.below(qrPath(uri.uri).size);
  });

  it('leaves a quiet zone of four modules on every side', () => {
    const { d, size } = qrPath('bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
    const xs: number[] = [];
    for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)/g)) xs.push(Number(m[1]), Number(m[2]), Number(m[1]) + Number(m[3]));
    expect(Math.min(...xs)).to.equal(QUIET_ZONE);
    expect(Math.max(...xs)).to.equal(size - QUIET_ZONE);
  });
});
