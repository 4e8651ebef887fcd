import { expect } from '@open-wc/testing';
import { qrPath, QUIET_ZONE } from '../../src/element/qr.js';
import { decodePath } from './helpers/decode-qr.js';

describe('QR path', () => {
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

  it('leaves a quiet zone of four modules on every side', () => {
    const { d, size } = qrPath('bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
    const xs: number[] = [];
    for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)/g)) xs.push(Number(m[1]), Number(m[2]), Number(m[1]) + Number(m[3]));
    expect(Math.min(...xs)).to.equal(QUIET_ZONE);
    expect(Math.max(...xs)).to.equal(size - QUIET_ZONE);
  });
});
