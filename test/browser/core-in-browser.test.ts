import { expect } from '@open-wc/testing';
import { terminalParamsErrors } from '../../src/core/terminal-params.js';
import { isHttpUrl, isPositiveDecimal } from '../../src/core/validators.js';

describe('core terminal-parameter checks, in Chromium', () => {
  it('accepts only http(s) URLs, as the browser parses them', () => {
    expect(isHttpUrl('https://shop.example/back')).to.equal(true);
    expect(isHttpUrl('http://127.0.0.1:8787/')).to.equal(true);
    expect(isHttpUrl('javascript:alert(1)')).to.equal(false);
    expect(isHttpUrl('JaVaScRiPt:alert(1)')).to.equal(false);
    expect(isHttpUrl('data:text/html,<b>x</b>')).to.equal(false);
    expect(isHttpUrl('//evil.example/x')).to.equal(false);
  });

  it('treats amounts as decimal strings without exponent, grouping or a comma', () => {
    expect(isPositiveDecimal('106.75')).to.equal(true);
    expect(isPositiveDecimal('0.00000001')).to.equal(true);
    expect(isPositiveDecimal('0')).to.equal(false);
    expect(isPositiveDecimal('1e-8')).to.equal(false);
    expect(isPositiveDecimal('1,000.00')).to.equal(false);
    expect(isPositiveDecimal('106,75')).to.equal(false);
  });

  it('names every field wrong in a terminal request', () => {
    const errors = terminalParamsErrors({ client_id: 0, currency: 'btc', amount: '-1', url_back: 'ftp://x', extra: 1 });
    expect(Object.keys(errors).sort()).to.deep.equal(['amount', 'client_id', 'currency', 'extra', 'foreign_id', 'url_back']);
  });
});
