import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { subtractDecimal } from '../../src/core/amount.js';
import type { CoinsPaidTerminal } from '../../src/element/coinspaid-terminal.js';
import { activeLocale, matchLocale, requestLocale } from '../../src/element/localization.js';
import { settledStrings } from '../../src/element/views/settled-strings.js';
import { timeLeftStrings } from '../../src/element/views/time-left.js';
import { control, describeStack } from './helpers/stack.js';
import { $ as query, mount as mountTerminal, text, until } from './helpers/terminal.js';

// @lit/localize has one active locale per page, and this file is one page: the tests run in order, English first.

/** An LTC checkout priced in euros (the token's price, repeated by the page), with these attributes on top. */
const mount = (attributes: Record<string, string>) =>
  mountTerminal(
    { currency: 'LTC', amount: '1234.56', 'amount-currency': 'EUR', ...attributes },
    { currencies: ['LTC'], amount: '1234.56', amount_currency: 'EUR' },
    { width: 340 },
  );

const $ = <T extends Element = HTMLElement>(el: CoinsPaidTerminal, selector: string) => query<T>(el, selector)!;
/** Locale modules fetched by this page so far (Vite serves src/element/locales/<locale>.ts). */
const localeRequests = () =>
  performance
    .getEntriesByType('resource')
    .filter((r) => /\/locales\/[\w-]+\.(ts|js)/.test(r.name))
    .map((r) => r.name);

async function showing(el: CoinsPaidTerminal, words: string): Promise<void> {
  await waitUntil(() => text(el).includes(words), `never showed "${words}": ${text(el)}`, { timeout: 5000 });
}

describe('locale matching', () => {
  it('maps BCP 47 tags to our locales: exact, by language, else English', () => {
    expect(matchLocale('de')).to.equal('de');
    expect(matchLocale('de-CH')).to.equal('de');
    expect(matchLocale('pt')).to.equal('pt-BR');
    expect(matchLocale('PT-pt')).to.equal('pt-BR');
    expect(matchLocale('zh-TW')).to.equal('zh-CN');
    expect(matchLocale('ar-EG')).to.equal('ar');
    expect(matchLocale('en-GB')).to.equal('en');
    expect(matchLocale('ko')).to.equal('en');
    expect(matchLocale('')).to.equal('en');
    expect(matchLocale(undefined)).to.equal('en');
  });
});

describeStack('<coinspaid-terminal> in other languages', function () {
  this.timeout(15_000);

  it('English costs no locale module', async () => {
    const el = await mount({ lang: 'en-GB' });
    await until(el, 'waiting');
    expect(text(el)).to.contain('Pay with Litecoin');
    expect($(el, '[part="base"]').getAttribute('dir')).to.equal('ltr');
    expect(localeRequests()).to.deep.equal([]);
  });

  it('German from the lang attribute: strings, numbers (1.234,56), copy buttons; the module loads once', async () => {
    const el = await mount({ lang: 'de-DE' });
    await until(el, 'waiting');
    await showing(el, 'Mit Litecoin bezahlen');
    expect($(el, '[part="base"]').getAttribute('lang')).to.equal('de');
    expect($(el, '.fiat').textContent).to.equal('1.234,56\u00a0€');
    expect(text(el)).to.contain('Zu zahlender Betrag');
    expect(text(el)).to.match(/Kurs 1 LTC = [\d.]+,\d\d\s€/);
    expect(text(el)).to.match(/Kurs für \d+:\d\d garantiert/);
    // The copy button shows the verb; its name is the whole label, whatever the word order.
    const copy = [...el.shadowRoot!.querySelectorAll('[part="copy-button"]')].map((b) => [
      b.querySelector('[aria-hidden]')!.textContent,
      b.querySelector('.sr-only')!.textContent,
    ]);
    expect(copy).to.deep.include(['Kopieren', 'Adresse kopieren']);
    // Wallet URIs stay locale-independent. (Litecoin: BTC/EUR quotes belong to terminal.test.ts's countdown test.)
    expect($<HTMLAnchorElement>(el, 'a.button').getAttribute('href')).to.match(/^litecoin:\w+\?amount=\d+\.\d+$/);
    expect(localeRequests().filter((r) => r.includes('/de.'))).to.have.length(1);
    expect(localeRequests().filter((r) => !r.includes('/de.'))).to.deep.equal([]);
  });

  it('switches when lang changes (Japanese), re-rendering strings and numbers', async () => {
    const el = await mount({ lang: 'de' });
    await showing(el, 'Mit Litecoin bezahlen');
    el.setAttribute('lang', 'ja');
    await showing(el, 'Litecoin で支払う');
    expect(activeLocale()).to.equal('ja');
    expect($(el, '.fiat').textContent).to.equal('€1,234.56');
    expect(text(el)).to.contain('お支払い金額');
  });

  it('Arabic: right to left on the card, the address and amounts left to right; axe-clean', async () => {
    const el = await mount({ lang: 'ar' });
    await until(el, 'waiting');
    await showing(el, 'الدفع بعملة Litecoin');
    const base = $(el, '[part="base"]');
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(base).direction).to.equal('rtl');
    const address = $(el, '[part="address"]');
    expect(getComputedStyle(address).direction).to.equal('ltr');
    expect(getComputedStyle(address).unicodeBidi).to.equal('isolate');
    expect(getComputedStyle($(el, '.crypto .mono')).direction).to.equal('ltr');
    // Amounts inside sentences are isolated (LRI … PDI) so that "1 BTC = …" keeps its order.
    expect(text(el)).to.match(/\u20661 LTC = [^\u2069]+\u2069/);
    await expect(el).to.be.accessible();
  });

  it('Arabic, part paid: the remainder screen keeps every amount isolated left to right; axe-clean', async () => {
    const el = await mount({ lang: 'ar' });
    const ready = await oneEvent(el, 'coinspaid-address-ready');
    await until(el, 'waiting');
    await control('deposits', {
      address: ready.detail.address.address,
      amount: subtractDecimal(ready.detail.amount!, '0.1'),
      outcome: 'confirmed',
    });
    await until(el, 'underpaid');
    await showing(el, 'جزء من الدفعة مفقود');
    // "We received X of Y": both amounts isolated (LRI … PDI), so the sentence reads right to left around them.
    expect($(el, '[part="status"]').textContent).to.match(/^[^\u2066]*\u2066[^\u2069]+\u2069[^\u2066]*\u2066[^\u2069]+\u2069[^\u2066]*$/);
    expect(getComputedStyle($(el, '[part="amount"] .mono')).direction).to.equal('ltr');
    expect(getComputedStyle($(el, '[part="address"]')).direction).to.equal('ltr');
    await expect(el).to.be.accessible();
  });

  it('Russian and Ukrainian plural forms (1, 2–4, 5–20, 21, 22)', async () => {
    requestLocale('ru');
    await waitUntil(() => activeLocale() === 'ru', 'ru did not load', { timeout: 5000 });
    expect([1, 3, 5, 11, 21, 22].map(timeLeftStrings.minutesLeft)).to.deep.equal([
      'На оплату осталась 1 минута.',
      'На оплату осталось 3 минуты.',
      'На оплату осталось 5 минут.',
      'На оплату осталось 11 минут.',
      'На оплату осталась 21 минута.',
      'На оплату осталось 22 минуты.',
    ]);
    expect(timeLeftStrings.secondsLeft(30)).to.equal('На оплату осталось 30 секунд.');
    expect([1, 2, 6].map(settledStrings.confirmations)).to.deep.equal([
      'Получено 1 подтверждение.',
      'Получено 2 подтверждения.',
      'Получено 6 подтверждений.',
    ]);
    requestLocale('uk');
    await waitUntil(() => activeLocale() === 'uk', 'uk did not load', { timeout: 5000 });
    expect([1, 4, 5].map(timeLeftStrings.minutesLeft)).to.deep.equal([
      'На оплату залишилася 1 хвилина.',
      'На оплату залишилося 4 хвилини.',
      'На оплату залишилося 5 хвилин.',
    ]);
  });

  it('follows the page language when the element has none (<html lang="fr">)', async () => {
    const before = document.documentElement.lang;
    document.documentElement.lang = 'fr-FR';
    try {
      const el = await mount({});
      await until(el, 'waiting');
      await showing(el, 'Payer en Litecoin');
      expect($(el, '.fiat').textContent).to.equal('1\u202f234,56\u00a0€');
    } finally {
      document.documentElement.lang = before;
    }
  });
});
