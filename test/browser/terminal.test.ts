import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { cryptoForFiat } from '../../src/core/amount.js';
import { USDT_ERC20_CONTRACT } from '../../src/core/currencies.js';
import { walletUri } from '../../src/core/wallet-uri.js';
import type { CoinsPaidTerminal } from '../../src/element/coinspaid-terminal.js';
import type { TerminalStatus } from '../../src/element/events.js';
import { control, describeStack, mintToken, stackUrl } from './helpers/stack.js';
import { $, mount, qrContent, shownAddress as address, text, until as untilStatus } from './helpers/terminal.js';

const until = (el: CoinsPaidTerminal, status: TerminalStatus) => untilStatus(el, status, 4000);

describeStack('<coinspaid-terminal> against the proxy and sandbox', function () {
  this.timeout(10_000);

  describe('address view', () => {
    it('shows a BTC address in full, its QR (the exact wallet URI), the minimum; axe-clean', async () => {
      const el = await mount({}, { currencies: ['BTC'] });
      const ready = await oneEvent(el, 'coinspaid-address-ready');
      await until(el, 'waiting');
      const shown = address(el);
      expect(shown).to.match(/^bc1q[02-9ac-hj-np-z]{38}$/);
      expect(ready.detail.address.address).to.equal(shown);
      expect(ready.detail.uri).to.equal(`bitcoin:${shown}`);
      // bech32 + bitcoin: are case-insensitive: the QR carries the upper-cased URI.
      expect(await qrContent(el)).to.equal(`BITCOIN:${shown.toUpperCase()}`);
      expect($<HTMLAnchorElement>(el, 'a.button')!.href).to.equal(`bitcoin:${shown}`);
      expect(text(el)).to.contain('Send at least 0.0001 BTC.');
      expect(el.getAttribute('status')).to.equal('waiting');
      await expect(el).to.be.accessible();
    });

    it('prices in fiat: the fiat amount, the crypto amount rounded up at the proxy rate, in the QR; a countdown', async () => {
      const el = await mount(
        { currency: 'BTC', amount: '106.75', 'amount-currency': 'EUR', lang: 'en-GB' },
        { currencies: ['BTC', 'LTC'], amount: '106.75', amount_currency: 'EUR' },
      );
      const rate = await oneEvent(el, 'coinspaid-rate-updated');
      await until(el, 'waiting');
      const expected = cryptoForFiat('106.75', rate.detail.quote.price, 8);
      expect(rate.detail.amount).to.equal(expected);
      expect($(el, '[part="amount"] .fiat')!.textContent).to.equal('€106.75');
      expect(text(el)).to.contain(`${Number(expected)} BTC`); // en-GB, no grouping needed below 1
      const { uri, qr } = walletUri({ currency: 'BTC', address: address(el), amount: expected });
      expect(await qrContent(el)).to.equal(qr);
      expect($<HTMLAnchorElement>(el, 'a.button')!.getAttribute('href')).to.equal(uri);
      const timer = $(el, '[part="timer"]')!;
      expect(timer.textContent).to.match(/Rate fixed for 0:\d\d/);
      expect(timer.querySelector('progress')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('USDT on Ethereum: an EIP-681 transfer URI in 6-decimal units and a network warning', async () => {
      const el = await mount({ currency: 'USDTE' }, { currencies: ['USDTE'], amount: '25', amount_currency: 'EUR' });
      const rate = await oneEvent(el, 'coinspaid-rate-updated');
      await until(el, 'waiting');
      const units = cryptoForFiat('25', rate.detail.quote.price, 6).replace('.', '').replace(/^0+/, '');
      expect(await qrContent(el)).to.equal(`ethereum:${USDT_ERC20_CONTRACT}/transfer?address=${address(el)}&uint256=${units}`);
      expect(text(el)).to.contain('Send only USDTE on Ethereum (ERC-20)');
    });

    it('XRP: the tag as prominent as the address, with a warning, and in the QR as dt=', async () => {
      const el = await mount({ currency: 'XRP' }, { currencies: ['XRP'] });
      const ready = await oneEvent(el, 'coinspaid-address-ready');
      await until(el, 'waiting');
      const tag = ready.detail.address.tag!;
      expect(tag).to.match(/^\d+$/);
      const warning = $(el, '.warn')!;
      expect(warning.textContent).to.contain(tag);
      expect(warning.textContent).to.contain('A payment without it cannot be credited');
      expect(await qrContent(el)).to.equal(`${address(el)}?dt=${tag}`);
      expect($(el, 'a.button')).to.equal(null); // no scheme wallets agree on
      await expect(el).to.be.accessible();
    });

    it('lets the customer choose with the keyboard, naming networks, minimums and fees; focus follows', async () => {
      const el = await mount({}, { currencies: ['BTC', 'USDTT', 'XRP'] });
      await until(el, 'choosing');
      expect(text(el)).to.contain('Tether USD (USDTT)');
      expect(text(el)).to.contain('TRON (TRC-20)');
      expect(text(el)).to.contain('Minimum 1 USDTT');
      expect(text(el)).to.contain('Deposit fee 0.99 %');
      await expect(el).to.be.accessible();
      const choice = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.choice')].find((b) =>
        b.textContent!.includes('USDTT'),
      )!;
      choice.focus();
      await sendKeys({ press: 'Enter' });
      await until(el, 'waiting');
      expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
      // TRON has no wallet URI standard: the QR is the bare address.
      expect(await qrContent(el)).to.equal(address(el));
      expect(text(el)).to.contain('Send only USDTT on TRON (TRC-20)');
    });

    it('refuses hostile strings from the proxy: an error state, nothing rendered as markup, no address, no QR', async () => {
      const hostile = '<img src=x onerror=alert(1)>';
      await control('address-override', { address: hostile, tag: '<b>7</b>' });
      const warn = sinon.stub(console, 'warn');
      const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'] });
      const error = await oneEvent(el, 'coinspaid-error').finally(() => warn.restore());
      expect(error.detail.code).to.equal('invalid_address');
      expect(warn.calledWithMatch(/the BTC address from the proxy is not shown/)).to.equal(true);
      await until(el, 'error');
      expect(el.shadowRoot!.querySelector('img, b, [part="qr"], [part="address"]')).to.equal(null);
      expect(text(el)).to.not.contain(hostile);
      expect($(el, 'a.button')).to.equal(null);
    });

    it('works at 280 px: nothing overflows, the QR keeps ≥ 160 px', async () => {
      const el = await mount({ currency: 'ETH' }, { currencies: ['ETH'], amount: '20', amount_currency: 'EUR' });
      el.parentElement!.style.width = '280px';
      await until(el, 'waiting');
      const base = $(el, '[part="base"]')!;
      expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
      expect($(el, '[part="qr"] svg')!.getBoundingClientRect().width).to.be.at.least(160);
    });

    it('is axe-clean in the dark theme too', async () => {
      const el = await mount({ currency: 'XRP', theme: 'dark' }, { currencies: ['XRP'] });
      await until(el, 'waiting');
      await expect(el).to.be.accessible();
    });
  });

  describe('copy', () => {
    afterEach(() => sinon.restore());

    it('copies address, amount and tag through the clipboard, with a visible and announced confirmation', async () => {
      const writeText = sinon.stub(navigator.clipboard, 'writeText').resolves();
      const el = await mount({ currency: 'XRP' }, { currencies: ['XRP'], amount: '12.5', amount_currency: 'XRP' });
      const ready = await oneEvent(el, 'coinspaid-address-ready');
      await until(el, 'waiting');
      const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="copy-button"]')];
      const byName = (name: string) => buttons.find((b) => b.textContent!.replace(/\s+/g, ' ').includes(name))!;
      for (const [name, what, value] of [
        ['address', 'address', ready.detail.address.address],
        ['amount', 'amount', '12.5'],
        ['destination tag', 'tag', ready.detail.address.tag!],
      ] as const) {
        const copied = oneEvent(el, 'coinspaid-copy');
        byName(name).click();
        const event = await copied;
        expect(event.detail).to.deep.equal({ what, value });
        expect(writeText.lastCall.args[0]).to.equal(value);
        await el.updateComplete;
        expect(byName(name).textContent).to.contain('Copied');
        expect($(el, '#live')!.textContent).to.match(/copied\.\s?$/);
      }
      const copiedUri = oneEvent(el, 'coinspaid-copy');
      $(el, '[part="qr"]')!.click();
      expect((await copiedUri).detail).to.deep.equal({
        what: 'uri',
        value: `${ready.detail.address.address}?dt=${ready.detail.address.tag}`,
      });
    });
  });

  describe('payment status', () => {
    it('follows the stream: waiting → not_confirmed → confirmed, announced, focus on the new heading', async () => {
      const el = await mount(
        { currency: 'LTC', 'url-back': 'https://shop.example/back' },
        { currencies: ['LTC'], url_back: 'https://shop.example/back' },
      );
      const ready = await oneEvent(el, 'coinspaid-address-ready');
      await until(el, 'waiting');
      const statuses: TerminalStatus[] = [];
      el.addEventListener('coinspaid-status-changed', (e) => statuses.push(e.detail.status));
      const paid = oneEvent(el, 'coinspaid-paid');
      await control('deposits', { address: ready.detail.address.address, amount: '0.5', outcome: 'confirmed', txid: 'tx-abc' });
      const { detail } = await paid;
      expect(detail.payment?.status).to.equal('confirmed');
      expect(detail.txid).to.equal('tx-abc');
      expect(detail.settlement.status).to.equal('paid');
      expect(statuses).to.deep.equal(['not_confirmed', 'confirmed']);
      await el.updateComplete;
      expect(el.getAttribute('status')).to.equal('confirmed');
      expect($(el, '#heading')!.textContent).to.equal('Payment received');
      expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
      expect($(el, '#live')!.textContent!.trim()).to.equal('Payment received');
      expect(text(el)).to.contain('tx-abc');
      expect($<HTMLAnchorElement>(el, 'a.button')!.href).to.equal('https://shop.example/back');
      await expect(el).to.be.accessible();
    });

    it('explains a cancelled payment', async () => {
      const el = await mount({ currency: 'DOGE' }, { currencies: ['DOGE'] });
      const ready = await oneEvent(el, 'coinspaid-address-ready');
      await until(el, 'waiting');
      await control('deposits', { address: ready.detail.address.address, amount: '100', outcome: 'cancelled' });
      await until(el, 'cancelled');
      expect(text(el)).to.contain('Payment cancelled');
      expect(text(el)).to.contain('nothing was received');
      await expect(el).to.be.accessible();
    });

    it('recovers what it missed while away, by polling when the stream cannot open', async () => {
      const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'] });
      const ready = await oneEvent(el, 'coinspaid-address-ready');
      await until(el, 'waiting');
      const parent = el.parentElement!;
      el.remove(); // the stream closes with the element
      await control('deposits', { address: ready.detail.address.address, amount: '0.001', outcome: 'confirmed' });
      await aTimeout(500); // the confirmation happens while nobody listens
      // The network now refuses event streams (a buffering proxy): EventSource fails, the element polls.
      const RealEventSource = window.EventSource;
      class FailingEventSource extends EventTarget {
        static readonly CONNECTING = 0;
        static readonly OPEN = 1;
        static readonly CLOSED = 2;
        readyState = 0;
        constructor(readonly url: string) {
          super();
          setTimeout(() => {
            this.readyState = 2;
            this.dispatchEvent(new Event('error'));
          });
        }
        close(): void {
          this.readyState = 2;
        }
      }
      window.EventSource = FailingEventSource as unknown as typeof EventSource;
      try {
        const paid = oneEvent(el, 'coinspaid-paid');
        parent.appendChild(el);
        expect((await paid).detail.payment?.status).to.equal('confirmed');
        expect(el.status).to.equal('confirmed');
      } finally {
        window.EventSource = RealEventSource;
      }
    });
  });

  describe('rate window', () => {
    let clock: sinon.SinonFakeTimers | undefined;
    afterEach(() => clock?.restore());

    it('refreshes the rate by itself when its window ends, and expires the checkout at its deadline', async () => {
      clock = sinon.useFakeTimers({ now: Date.now(), shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'], amount: '50', amount_currency: 'EUR' });
      await oneEvent(el, 'coinspaid-rate-updated');
      await until(el, 'waiting');
      const again = oneEvent(el, 'coinspaid-rate-updated');
      clock.tick(61_000);
      const second = await again;
      expect(second.detail.amount).to.equal(cryptoForFiat('50', second.detail.quote.price, 8));
      const expired = oneEvent(el, 'coinspaid-expired');
      clock.tick(30 * 60_000);
      await expired;
      await until(el, 'expired');
      expect(text(el)).to.contain('Do not send a payment to this address now');
      await expect(el).to.be.accessible();
    });
  });

  describe('errors are states', () => {
    async function expectError(el: CoinsPaidTerminal, code: string): Promise<void> {
      const error = await oneEvent(el, 'coinspaid-error');
      expect(error.detail.code).to.equal(code);
      await until(el, 'error');
      expect($(el, '#heading')!.textContent).to.equal('Payment is not available');
      expect($(el, '[part="status"]')!.textContent).to.equal(error.detail.message);
      await expect(el).to.be.accessible();
    }

    it('a token that is not valid', async () => {
      await expectError(await mount({}, 'not-a-token'), 'token_invalid');
    });

    it('an expired token', async () => {
      await expectError(await mount({}, await mintToken({}, -60)), 'token_expired');
    });

    it('an unreachable proxy (a closed port), with a retry', async () => {
      const token = await mintToken({ currencies: ['BTC'] });
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('coinspaid-terminal');
      el.proxy = 'http://127.0.0.1:9/coinspaid';
      el.token = token;
      container.appendChild(el);
      await expectError(el, 'proxy_unreachable');
      const again = oneEvent(el, 'coinspaid-error');
      [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Try again')!.click();
      expect((await again).detail.code).to.equal('proxy_unreachable');
    });

    it('the payment service failing once: Try again recovers', async () => {
      await control('faults', { endpoint: 'addresses/take', kind: '5xx', count: 1 });
      const el = await mount({ currency: 'BTC' }, { currencies: ['BTC'] });
      await expectError(el, 'upstream_unavailable');
      [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Try again')!.click();
      await until(el, 'waiting');
      expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
    });

    it('an amount under the minimum', async () => {
      await expectError(await mount({}, { currencies: ['BTC'], amount: '0.01', amount_currency: 'EUR' }), 'amount_below_minimum');
    });

    it('a currency the checkout does not allow', async () => {
      await expectError(await mount({ currency: 'LTC' }, { currencies: ['BTC'] }), 'currency_not_allowed');
    });
  });

  describe('terminal mode', () => {
    it('a "Pay with crypto" link to the signed terminal URL', async () => {
      const el = await mount({ mode: 'terminal', currency: 'BTC' }, { currencies: ['BTC'], amount: '0.01', amount_currency: 'BTC' });
      await until(el, 'ready');
      const link = $<HTMLAnchorElement>(el, 'a.button')!;
      expect(link.textContent).to.equal('Pay with crypto');
      const url = new URL(link.href);
      // Offline, the proxy signs links to the sandbox's Payment Terminal page (live: https://terminal.coinspaid.com/).
      expect(`${url.origin}${url.pathname}`).to.equal(`${stackUrl}/sandbox/terminal/`);
      const params = JSON.parse(atob(url.searchParams.get('data')!)) as Record<string, unknown>;
      // The amount is the token's: the proxy puts it in the link, the page sends none.
      expect(params).to.include({ currency: 'BTC', amount: '0.01', is_iframe: false });
      await expect(el).to.be.accessible();
    });

    it('follows the checkout behind the link: a payment on the terminal brings the receipt', async () => {
      const order = {
        foreign_id: `terminal-${Date.now()}`,
        order_id: `T-${Date.now()}`,
        currencies: ['BTC'],
        amount: '0.01',
        amount_currency: 'BTC',
      };
      const el = await mount({ mode: 'terminal', currency: 'BTC' }, order);
      await until(el, 'ready');
      // The terminal shows the address addresses/take gives this customer: the same one an address checkout gets.
      const same = await mount({ currency: 'BTC' }, order);
      const ready = await oneEvent(same, 'coinspaid-address-ready');
      const paid = oneEvent(el, 'coinspaid-paid');
      await control('deposits', { address: ready.detail.address.address, amount: '0.01', outcome: 'confirmed' });
      expect((await paid).detail.settlement).to.include({ status: 'paid', order_id: order.order_id });
      await until(el, 'confirmed');
      expect($(el, '#heading')!.textContent).to.equal('Payment received');
      await expect(el).to.be.accessible();
    });

    it('or an iframe', async () => {
      const el = await mount({ mode: 'terminal', currency: 'BTC', 'terminal-display': 'iframe' }, { currencies: ['BTC'] });
      await until(el, 'ready');
      const frame = $<HTMLIFrameElement>(el, 'iframe')!;
      expect(frame.title).to.equal('CoinsPaid payment terminal');
      expect(JSON.parse(atob(new URL(frame.src).searchParams.get('data')!))).to.include({ is_iframe: true });
    });
  });
});
