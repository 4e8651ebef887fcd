import { expect, waitUntil } from '@open-wc/testing';
import { intlLocale, matchLocale } from '../../src/element/localization.js';
import { describeStack } from './helpers/stack.js';
import { mount, text, until } from './helpers/terminal.js';

// Language tags as pages in the wild write them: invalid ones must never stop the widget (each test file is a page).

describe('language tags that are not BCP 47', () => {
  it('reads en_US as en-US and de_DE as German; refuses garbage without throwing', () => {
    expect(intlLocale('en_US')).to.equal('en-US');
    expect(intlLocale('pt_br')).to.equal('pt-BR');
    expect(matchLocale('de_DE')).to.equal('de');
    expect(matchLocale('zh_TW')).to.equal('zh-CN');
    for (const tag of ['!!', 'en US', '123', 'x', 'en-', '', ' ']) {
      expect(intlLocale(tag), tag).to.equal(undefined);
      expect(matchLocale(tag), tag).to.equal('en');
    }
  });
});

describeStack('<coinspaid-terminal> on pages with odd lang attributes', function () {
  this.timeout(20_000);
  const errors: unknown[] = [];
  const record = (event: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in event ? event.reason : event.error);
  before(() => {
    window.addEventListener('error', record);
    window.addEventListener('unhandledrejection', record);
  });
  after(() => {
    window.removeEventListener('error', record);
    window.removeEventListener('unhandledrejection', record);
  });

  for (const lang of ['en_US', 'de_DE', 'en US', 'i-klingon', '123', 'zz-!!']) {
    it(`shows the address on a page with lang="${lang}", with no uncaught error`, async () => {
      const el = await mount({ currency: 'LTC', lang }, { currencies: ['LTC'] });
      await until(el, 'waiting');
      const heading = lang === 'de_DE' ? 'Mit Litecoin bezahlen' : 'Pay with Litecoin';
      await waitUntil(() => text(el).includes(heading), `showed ${text(el)}`, { timeout: 5000 });
      expect(errors).to.deep.equal([]);
    });
  }
});
