/**
 * The widget checks what it shows: an address the proxy hands over (here through the sandbox's address override) is
 * checked against its currency before it is drawn as where to pay. A failing check is an error state,
 * `invalid_address`, with a plain message and no QR, no address and no "Open in wallet", in every mode.
 */
import { expect, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { CoinsPaidTerminal } from '../../src/element/coinspaid-terminal.js';
import { control, describeStack } from './helpers/stack.js';
import { $, mount, shownAddress, text, until } from './helpers/terminal.js';

const BECH32 = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';

async function expectRefused(el: CoinsPaidTerminal): Promise<void> {
  const error = await oneEvent(el, 'coinspaid-error');
  expect(error.detail.code).to.equal('invalid_address');
  expect(error.detail.retryable).to.equal(false);
  await until(el, 'error');
  expect(text(el)).to.contain('The payment address we received could not be checked, so it is not shown.');
  expect(el.shadowRoot!.querySelector('[part="qr"], [part="address"], a.button, code')).to.equal(null);
}

describeStack('<coinspaid-terminal> checks every address before showing it', function () {
  this.timeout(10_000);
  afterEach(() => sinon.restore());

  const refused: ReadonlyArray<[string, string, string, string | null]> = [
    ['an address of another chain (Ethereum, for Bitcoin)', 'BTC', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', null],
    ['a test-network address', 'BTC', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', null],
    ['a bad checksum (one character off)', 'BTC', BECH32.replace(/4$/, '5'), null],
    ['markup', 'BTC', '<img src=x onerror=alert(1)>', null],
    ['a right-to-left override inside a valid address', 'BTC', `${BECH32.slice(0, 10)}\u202e${BECH32.slice(10)}`, null],
    ['a zero-width space inside a valid address', 'BTC', `${BECH32.slice(0, 10)}\u200b${BECH32.slice(10)}`, null],
    ['XRP without its destination tag', 'XRP', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', null],
    ['XRP with a tag that hides a bidirectional mark', 'XRP', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', '12\u200f345'],
  ];
  for (const [what, currency, address, tag] of refused) {
    it(`refuses ${what}: invalid_address, no QR, no address`, async () => {
      const warn = sinon.stub(console, 'warn');
      await control('address-override', { address, ...(tag ? { tag } : {}) });
      const el = await mount({ currency }, { currencies: [currency] });
      await expectRefused(el);
      // The developer hears why.
      expect(warn.calledWithMatch(new RegExp(`the ${currency} address from the proxy is not shown`))).to.equal(true);
    });
  }

  it('is an error state, axe-clean, and focus stays where it was', async () => {
    await control('address-override', { address: BECH32.replace(/4$/, '5') });
    sinon.stub(console, 'warn');
    const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'] });
    await expectRefused(el);
    expect($(el, '#heading')!.textContent).to.equal('Payment is not available');
    await expect(el).to.be.accessible();
  });

  it('shows a valid address it was given (the same checks pass what real wallets accept)', async () => {
    await control('address-override', { address: BECH32 });
    const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'] });
    await until(el, 'waiting');
    expect(shownAddress(el)).to.equal(BECH32);
  });

  it('checks a fixed-rate (futures) address too', async () => {
    sinon.stub(console, 'warn');
    await control('address-override', { address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx' });
    const el = await mount(
      { mode: 'futures', currency: 'BTC' },
      { currencies: ['BTC'], convert_to: 'EUR', amount: '100', amount_currency: 'EUR' },
    );
    await expectRefused(el);
  });

  it('checks an invoice address too', async () => {
    sinon.stub(console, 'warn');
    await control('address-override', { address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' });
    const invoice = {
      title: 'Order 7',
      timer: true,
      sender_currency: 'BTC',
      url_success: 'https://shop.example/paid',
      url_failed: 'https://shop.example/failed',
      email_user: 'customer@example.com',
    };
    const el = await mount({ mode: 'invoice' }, { amount: '20', amount_currency: 'EUR', invoice });
    await expectRefused(el);
  });
});
