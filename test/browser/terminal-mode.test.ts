/**
 * Terminal mode with both displays against the real sandbox + proxy stack: the signed link (a new tab) or the frame
 * of the sandbox's Payment Terminal page, the address behind it for the page, and the payment made there arriving
 * under the link or the frame: the status line, then the settlement's screens (seen, receipt, remainder, again).
 */
import { expect, oneEvent } from '@open-wc/testing';
import type { CoinsPaidTerminal } from '../../src/element/coinspaid-terminal.js';
import type { AddressReadyDetail, TerminalStatus } from '../../src/element/events.js';
import { control, describeStack, stackUrl, type TokenClaims } from './helpers/stack.js';
import { $, mount, qrContent, shownAddress, text, until } from './helpers/terminal.js';

let n = 0;

/** A BTC order of 0.01 BTC for a customer of its own (a fresh address, no earlier events), with its way back. */
function order(): TokenClaims & { order_id: string; url_back: string } {
  const id = `terminal-mode-${Date.now()}-${++n}`;
  return {
    foreign_id: id,
    order_id: id,
    currencies: ['BTC'],
    amount: '0.01',
    amount_currency: 'BTC',
    url_back: `https://shop.example/orders/${id}`,
  };
}

/** Mounts a terminal-mode element and waits for its link, with the address it names. */
async function terminal(display: 'link' | 'iframe', claims = order()) {
  const el = await mount({ mode: 'terminal', currency: 'BTC', 'terminal-display': display }, claims);
  const ready = oneEvent(el, 'coinspaid-address-ready');
  await until(el, 'ready');
  const { detail } = (await ready) as CustomEvent<AddressReadyDetail>;
  return { el, claims, address: detail.address.address, detail };
}

/** What the signed link says (its data is base64 JSON). */
const linkData = (url: string) => JSON.parse(atob(new URL(url).searchParams.get('data')!)) as Record<string, unknown>;

/** `a` comes before `b` in the shadow root. */
const before = (a: Node, b: Node) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);

/** Pays `amount` BTC to the address behind the link, as a wallet would after reading the terminal page. */
const pay = (address: string, amount: string, outcome: 'confirmed' | 'cancelled' = 'confirmed') =>
  control('deposits', { address, amount, outcome });

const status = (el: CoinsPaidTerminal): TerminalStatus => el.status;

describeStack('terminal mode, both displays, against the proxy and sandbox', function () {
  this.timeout(15_000);

  describe('link', () => {
    it('opens the sandbox terminal in a new tab, says it waits for the payment under the link, and names the address', async () => {
      const { el, claims, address, detail } = await terminal('link');
      const link = $<HTMLAnchorElement>(el, 'a.button')!;
      // A new tab: this page stays and follows the payment; the terminal's "Back to the shop" leads to url_back.
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener');
      expect(`${new URL(link.href).origin}${new URL(link.href).pathname}`).to.equal(`${stackUrl}/sandbox/terminal/`);
      expect(linkData(link.href)).to.include({ currency: 'BTC', amount: '0.01', is_iframe: false, url_back: claims.url_back });
      const line = $(el, '[part="status"]')!;
      expect(line.textContent!.trim()).to.equal('Waiting for your payment…');
      expect(before(link, line), 'the status line is under the link').to.equal(true);
      // The address the terminal shows: the one addresses/take gives this customer, as an address checkout would.
      const same = await mount({ currency: 'BTC' }, claims);
      const shown = (await oneEvent(same, 'coinspaid-address-ready')).detail.address.address;
      expect(address).to.equal(shown);
      expect(detail).to.deep.include({ uri: `bitcoin:${address}?amount=0.01`, amount: '0.01000000' });
      await expect(el).to.be.accessible();
    });

    it('follows the payment made on the terminal: seen, then the receipt with the way back; the link goes', async () => {
      const { el, claims, address } = await terminal('link');
      const paid = oneEvent(el, 'coinspaid-paid');
      await pay(address, '0.01');
      await until(el, 'not_confirmed');
      expect($(el, '#heading')!.textContent).to.equal('Payment seen');
      expect($(el, 'a.button[target="_blank"]'), 'no second payment is invited').to.equal(null);
      await until(el, 'confirmed');
      expect((await paid).detail.settlement).to.include({ status: 'paid', order_id: claims.order_id });
      expect($(el, '#heading')!.textContent).to.equal('Payment received');
      expect($<HTMLAnchorElement>(el, 'a.button')!.href).to.equal(claims.url_back);
      await expect(el).to.be.accessible();
    });

    it('a cancelled payment: the address behind the link again, checked and with its QR, to send again', async () => {
      const { el, address } = await terminal('link');
      await pay(address, '0.01', 'cancelled');
      await until(el, 'cancelled');
      expect(shownAddress(el)).to.equal(address);
      expect(await qrContent(el)).to.equal(`BITCOIN:${address.toUpperCase()}?amount=0.01`);
      expect(text(el)).to.contain('Send the payment again');
    });
  });

  describe('iframe', () => {
    it('frames the terminal (is_iframe) with the status line under the frame', async () => {
      const { el, claims } = await terminal('iframe');
      const frame = $<HTMLIFrameElement>(el, 'iframe')!;
      expect(frame.title).to.equal('CoinsPaid payment terminal');
      expect(linkData(frame.src)).to.include({ currency: 'BTC', amount: '0.01', is_iframe: true, url_back: claims.url_back });
      expect($(el, 'a.button'), 'no link beside the frame').to.equal(null);
      const line = $(el, '[part="status"]')!;
      expect(line.textContent!.trim()).to.equal('Waiting for your payment…');
      expect(before(frame, line), 'the status line is under the frame').to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('keeps the same frame (never reloaded) from the link to the receipt, the screens under it', async () => {
      const { el, claims, address } = await terminal('iframe');
      const frame = $<HTMLIFrameElement>(el, 'iframe')!;
      const src = frame.src;
      await pay(address, '0.01');
      await until(el, 'not_confirmed');
      expect($(el, 'iframe')).to.equal(frame);
      expect(before(frame, $(el, '#heading')!)).to.equal(true);
      await until(el, 'confirmed');
      expect($(el, 'iframe'), 'the terminal page shows the payment too').to.equal(frame);
      expect(frame.src).to.equal(src);
      expect($(el, '#heading')!.textContent).to.equal('Payment received');
      expect(before(frame, $(el, '#heading')!)).to.equal(true);
      expect($<HTMLAnchorElement>(el, 'a.button')!.href).to.equal(claims.url_back);
    });

    it('part paid: the frame (which would ask for the whole amount) gives way to the remainder at the address behind it', async () => {
      const { el, address } = await terminal('iframe');
      await pay(address, '0.004');
      await until(el, 'underpaid');
      expect(status(el)).to.equal('underpaid');
      expect($(el, 'iframe')).to.equal(null);
      expect(text(el)).to.contain('Send the remaining amount');
      expect($(el, '[part="amount"] .mono')!.textContent).to.contain('0.006 BTC');
      expect(shownAddress(el)).to.equal(address);
      expect(await qrContent(el)).to.equal(`BITCOIN:${address.toUpperCase()}?amount=0.006`);
      // The rest, paid to the same address, completes the order; the frame does not come back.
      await pay(address, '0.006');
      await until(el, 'not_confirmed');
      expect($(el, 'iframe')).to.equal(null);
      await until(el, 'confirmed');
      expect($(el, 'iframe')).to.equal(null);
      expect($(el, '#heading')!.textContent).to.equal('Payment received');
    });
  });
});
