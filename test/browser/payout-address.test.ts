import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { generateAddress } from '../../src/server/sandbox/addresses.js';
import {
  CoinsPaidPayoutAddressForm,
  PayoutAddressEvent,
  type PayoutAddressDetail,
  type PayoutCurrencyOption,
} from '../../src/element/payout-address-form.js';
import { payoutStrings } from '../../src/element/payout-address-form/strings.js';

const USDT: PayoutCurrencyOption[] = [
  { currency: 'USDTE', name: 'Tether USD', network: 'Ethereum (ERC-20)' },
  { currency: 'USDTT', name: 'Tether USD', network: 'TRON (TRC-20)' },
];
const ETH_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const TRON_ADDRESS = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const BTC_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const XRP_ADDRESS = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

async function mount(currency: string | undefined, currencies: PayoutCurrencyOption[] = []): Promise<CoinsPaidPayoutAddressForm> {
  const el = await fixture<CoinsPaidPayoutAddressForm>(
    html`<coinspaid-payout-address-form .currency=${currency} .currencies=${currencies}></coinspaid-payout-address-form>`,
  );
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: CoinsPaidPayoutAddressForm, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const field = (el: CoinsPaidPayoutAddressForm, name: 'address' | 'tag') => $<HTMLInputElement>(el, `#${name}`)!;

/** The text the field's aria-describedby points at (hint and message). */
function description(el: CoinsPaidPayoutAddressForm, name: 'address' | 'tag'): string {
  return field(el, name)
    .getAttribute('aria-describedby')!
    .split(' ')
    .map((id) => el.shadowRoot!.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? `#${id} missing`)
    .join(' | ');
}

/** Types as a paste does: the whole value, one input event. */
function paste(el: CoinsPaidPayoutAddressForm, name: 'address' | 'tag', value: string): void {
  const input = field(el, name);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Leaves the field (the change event a blur fires after an edit). */
async function leave(el: CoinsPaidPayoutAddressForm, name: 'address' | 'tag'): Promise<void> {
  field(el, name).dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function submit(el: CoinsPaidPayoutAddressForm): Promise<void> {
  $<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
  await el.updateComplete;
  await el.updateComplete;
}

/** Collects the events the form fires, as a page listening on document would. */
function listen(): { details: PayoutAddressDetail[]; events: PayoutAddressEvent[]; stop: () => void } {
  const events: PayoutAddressEvent[] = [];
  const handler = (e: PayoutAddressEvent) => events.push(e);
  document.addEventListener('coinspaid-payout-address', handler);
  return {
    events,
    get details() {
      return events.map((e) => e.detail);
    },
    stop: () => document.removeEventListener('coinspaid-payout-address', handler),
  };
}

describe('<coinspaid-payout-address-form>', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  let seen: ReturnType<typeof listen>;
  beforeEach(() => {
    seen = listen();
  });
  afterEach(() => {
    clock?.restore();
    clock = undefined;
    seen.stop();
  });

  it('is defined once, whatever the number of imports', async () => {
    const again = await import('../../src/element/payout-address-form.js');
    expect(again.CoinsPaidPayoutAddressForm).to.equal(CoinsPaidPayoutAddressForm);
    expect(customElements.get('coinspaid-payout-address-form')).to.equal(CoinsPaidPayoutAddressForm);
  });

  it('renders an address field fit for addresses, with no select or tag for one tagless currency', async () => {
    const el = await mount('BTC', [{ currency: 'BTC', name: 'Bitcoin', network: null }]);
    const input = field(el, 'address');
    expect(input.getAttribute('autocomplete')).to.equal('off');
    expect(input.getAttribute('spellcheck')).to.equal('false');
    expect(input.getAttribute('autocapitalize')).to.equal('off');
    expect(getComputedStyle(input).fontFamily).to.match(/mono|Menlo|Consolas/i);
    expect(input.labels![0]!.textContent).to.equal('Your Bitcoin address');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect($(el, 'select')).to.equal(null);
    expect($(el, '#tag')).to.equal(null);
    expect($(el, 'button[type="submit"]')!.textContent!.trim()).to.equal(payoutStrings.save);
    await expect(el).to.be.accessible();
  });

  it('flags a typo only once typing pauses, names it in text, and clears it when corrected', async () => {
    const el = await mount('BTC');
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const typo = `${BTC_ADDRESS.slice(0, -1)}5`;
    paste(el, 'address', typo);
    await el.updateComplete;
    clock.tick(100);
    await el.updateComplete;
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('false'); // still typing
    clock.tick(250);
    await el.updateComplete;
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('true');
    expect(description(el, 'address')).to.contain(payoutStrings.problems.bad_checksum);

    paste(el, 'address', BTC_ADDRESS);
    clock.tick(300);
    await el.updateComplete;
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('false');
    expect(description(el, 'address')).to.contain(payoutStrings.looksRight('Bitcoin'));
    clock.restore();
    clock = undefined;
    await expect(el).to.be.accessible();
  });

  it('names each problem plainly, per currency', async () => {
    const cases: [string, string, string][] = [
      ['BTC', BTC_ADDRESS.toUpperCase().slice(0, 10) + BTC_ADDRESS.slice(10), payoutStrings.problems.mixed_case],
      ['BTC', 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', payoutStrings.problems.testnet],
      ['ETH', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', payoutStrings.problems.bad_checksum],
      ['ETH', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA', payoutStrings.problems.bad_length],
      ['BCH', 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b', payoutStrings.problems.bad_characters],
      ['USDTT', '<img src=x onerror=alert(1)>', payoutStrings.problems.bad_characters],
      ['BTC', 'KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn', payoutStrings.problems.private_key],
      ['LTC', '3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC', payoutStrings.problems.unsupported_format],
    ];
    for (const [currency, address, message] of cases) {
      const el = await mount(currency);
      paste(el, 'address', address);
      await leave(el, 'address');
      expect(field(el, 'address').getAttribute('aria-invalid'), `${currency} ${address}`).to.equal('true');
      expect(description(el, 'address'), `${currency} ${address}`).to.contain(message);
      // Markup typed in stays text: it never becomes elements.
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    }
  });

  it('accepts every sandbox address of each currency', async () => {
    for (const currency of ['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT']) {
      const el = await mount(currency);
      paste(el, 'address', generateAddress(currency, 42, 3));
      await leave(el, 'address');
      expect(field(el, 'address').getAttribute('aria-invalid'), currency).to.equal('false');
      await submit(el);
    }
    expect(seen.details.map((d) => d.currency)).to.deep.equal(['BTC', 'LTC', 'BCH', 'DOGE', 'ETH', 'USDTE', 'USDTT']);
  });

  it('warns about an Ethereum address offered for USDT on TRON and offers the ERC-20 choice', async () => {
    const el = await mount('USDTT', USDT);
    const select = $<HTMLSelectElement>(el, 'select')!;
    expect(select.value).to.equal('USDTT');
    expect([...select.options].map((o) => o.textContent)).to.deep.equal([
      'Tether USD (USDTE) on Ethereum (ERC-20)',
      'Tether USD (USDTT) on TRON (TRC-20)',
    ]);
    paste(el, 'address', ETH_ADDRESS);
    await leave(el, 'address');
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('true');
    expect(description(el, 'address')).to.contain(payoutStrings.wrongNetwork('Ethereum', 'Tether USD', 'TRON (TRC-20)'));
    const warning = $(el, '.warn')!;
    await expect(el).to.be.accessible();

    await submit(el);
    expect(seen.details).to.deep.equal([]);

    const switchButton = warning.querySelector('button')!;
    expect(switchButton.textContent!.trim()).to.equal(payoutStrings.switchTo('Tether USD (USDTE) on Ethereum (ERC-20)'));
    switchButton.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.currency).to.equal('USDTE');
    expect($<HTMLSelectElement>(el, 'select')!.value).to.equal('USDTE');
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.activeElement?.id).to.equal('address');
    await submit(el);
    expect(seen.details).to.deep.equal([{ currency: 'USDTE', network: 'ethereum', address: ETH_ADDRESS }]);
  });

  it('warns about a TRON address for ERC-20, and re-checks when the currency is chosen in the select', async () => {
    const el = await mount('USDTE', USDT);
    paste(el, 'address', TRON_ADDRESS);
    await leave(el, 'address');
    expect(description(el, 'address')).to.contain(payoutStrings.wrongNetwork('TRON', 'Tether USD', 'Ethereum (ERC-20)'));
    const select = $<HTMLSelectElement>(el, 'select')!;
    select.value = 'USDTT';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('false');
    expect(description(el, 'address')).to.contain(payoutStrings.looksRight('TRON (TRC-20)'));
  });

  it('says which network a mismatched address is on even when that currency is not offered', async () => {
    const el = await mount('LTC', [{ currency: 'LTC', name: 'Litecoin', network: null }]);
    paste(el, 'address', BTC_ADDRESS);
    await leave(el, 'address');
    expect(description(el, 'address')).to.contain(payoutStrings.wrongNetwork('Bitcoin', 'Litecoin', 'Litecoin'));
    expect($(el, '.warn button')).to.equal(null);
  });

  it('XRP: shows the destination tag field, requires it, checks it, and sends it', async () => {
    const el = await mount('XRP', [{ currency: 'XRP', name: 'XRP', network: 'XRP Ledger' }]);
    const tag = field(el, 'tag');
    expect(tag.labels![0]!.textContent).to.equal('Destination tag');
    expect(tag.getAttribute('inputmode')).to.equal('numeric');
    paste(el, 'address', XRP_ADDRESS);
    await leave(el, 'address');
    // The address alone is fine; the tag is not nagged about before it was touched or a submit was tried.
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('false');
    expect(tag.getAttribute('aria-invalid')).to.equal('false');

    await submit(el);
    expect(seen.details).to.deep.equal([]);
    expect(tag.getAttribute('aria-invalid')).to.equal('true');
    expect(description(el, 'tag')).to.contain(payoutStrings.tagProblems['destination-tag'].tag_required);
    expect(el.shadowRoot!.activeElement?.id).to.equal('tag');
    await expect(el).to.be.accessible();

    paste(el, 'tag', '12ab');
    await leave(el, 'tag');
    expect(description(el, 'tag')).to.contain(payoutStrings.tagProblems['destination-tag'].tag_invalid);
    paste(el, 'tag', '4294967296');
    await leave(el, 'tag');
    expect(tag.getAttribute('aria-invalid')).to.equal('true');

    paste(el, 'tag', '0042');
    await leave(el, 'tag');
    expect(tag.getAttribute('aria-invalid')).to.equal('false');
    await submit(el);
    expect(seen.details).to.deep.equal([{ currency: 'XRP', network: 'xrp-ledger', address: XRP_ADDRESS, tag: '42' }]);
    expect($(el, '[role="status"]')!.textContent).to.equal(payoutStrings.saved);
  });

  it("XRP to the customer's own wallet: a tag is not required once they say the address needs none", async () => {
    const el = await mount('XRP', [{ currency: 'XRP', name: 'XRP', network: 'XRP Ledger' }]);
    paste(el, 'address', XRP_ADDRESS);
    paste(el, 'tag', '77');
    const noTag = $<HTMLInputElement>(el, '[part="no-tag"]')!;
    expect(noTag.labels![0]!.textContent).to.equal(payoutStrings.noTagNeeded['destination-tag']);
    noTag.click();
    await el.updateComplete;
    expect(field(el, 'tag').disabled).to.equal(true);
    expect(field(el, 'tag').value).to.equal('');
    await submit(el);
    expect(seen.details).to.deep.equal([{ currency: 'XRP', network: 'xrp-ledger', address: XRP_ADDRESS }]);
    await expect(el).to.be.accessible();

    // Unticked again, the tag is required again.
    noTag.click();
    await el.updateComplete;
    await submit(el);
    expect(seen.details).to.have.length(1);
    expect(field(el, 'tag').getAttribute('aria-invalid')).to.equal('true');
  });

  it('hides the tag field for currencies without one', async () => {
    const el = await mount('XRP', [
      { currency: 'XRP', name: 'XRP', network: 'XRP Ledger' },
      { currency: 'BTC', name: 'Bitcoin', network: null },
    ]);
    expect($(el, '#tag')).to.not.equal(null);
    el.currency = 'BTC';
    await el.updateComplete;
    expect($(el, '#tag')).to.equal(null);
  });

  it('submits the canonical address, bubbling and composed, and says it is saved', async () => {
    const el = await mount('ETH');
    paste(el, 'address', `  ${ETH_ADDRESS.toLowerCase()}  `);
    await leave(el, 'address');
    expect(description(el, 'address')).to.contain(payoutStrings.noChecksum);
    await submit(el);
    expect(seen.details).to.have.length(1);
    // Events are compared by their parts: a failing chai message would otherwise walk the whole DOM from `target`.
    const event = seen.events[0]!;
    expect(event instanceof PayoutAddressEvent).to.equal(true);
    expect([event.bubbles, event.composed]).to.deep.equal([true, true]);
    expect(event.detail).to.deep.equal({ currency: 'ETH', network: 'ethereum', address: ETH_ADDRESS });
    expect($(el, '[role="status"]')!.textContent).to.equal(payoutStrings.saved);
  });

  it('fires nothing while invalid: empty, or an address of the wrong kind', async () => {
    const el = await mount('BTC');
    await submit(el);
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('true');
    expect(description(el, 'address')).to.contain(payoutStrings.problems.empty);
    expect(el.shadowRoot!.activeElement?.id).to.equal('address');
    paste(el, 'address', '   ');
    await submit(el);
    paste(el, 'address', ETH_ADDRESS);
    await submit(el);
    expect(seen.details).to.deep.equal([]);
    expect($(el, '[role="status"]')!.textContent).to.equal('');
  });

  it('submits with Enter from the keyboard, and refuses with Enter while invalid', async () => {
    const el = await mount('BTC');
    field(el, 'address').focus();
    await sendKeys({ type: BTC_ADDRESS.slice(0, -1) });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(seen.details).to.deep.equal([]);
    expect(field(el, 'address').getAttribute('aria-invalid')).to.equal('true');
    await sendKeys({ type: BTC_ADDRESS.slice(-1) });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(seen.details).to.deep.equal([{ currency: 'BTC', network: 'bitcoin', address: BTC_ADDRESS }]);
  });

  it('reaches every control with Tab, in order', async () => {
    const el = await mount('XRP', [
      { currency: 'XRP', name: 'XRP', network: 'XRP Ledger' },
      { currency: 'BTC', name: 'Bitcoin', network: null },
    ]);
    $<HTMLSelectElement>(el, 'select')!.focus();
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement!;
      order.push(active.id || active.getAttribute('type')!);
    }
    expect(order).to.deep.equal(['address', 'tag', 'checkbox', 'submit']);
  });

  it('stops its debounce timer when it leaves the page', async () => {
    const el = await mount('BTC');
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    paste(el, 'address', 'nonsense');
    expect(clock.countTimers()).to.equal(1);
    el.remove();
    expect(clock.countTimers()).to.equal(0);
  });

  it('explains a currency it cannot check instead of showing a form', async () => {
    const el = await mount('EUR', []);
    expect($(el, 'form')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain(payoutStrings.problems.unsupported_currency);
  });
});
