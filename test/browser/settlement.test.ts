/**
 * What the customer sees once a payment is seen, in address mode, drawn from the proxy's settlement against the real
 * sandbox + proxy stack: payment seen, the remainder only, a remainder too small to send, the receipt, cancelled
 * (send again), expired (start again), the deadline clock, a currency that cannot pay the price, a page that tries to
 * change the price, a returning customer and a reloaded part-paid order.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { cryptoForFiat, subtractDecimal } from '../../src/core/amount.js';
import { walletUri } from '../../src/core/wallet-uri.js';
import type { CoinsPaidTerminal } from '../../src/element/coinspaid-terminal.js';
import type { TerminalStatus } from '../../src/element/events.js';
import { control, describeStack, mintToken, type TokenClaims } from './helpers/stack.js';
import { $, mount, qrContent, receiptRows, shownAddress, text, until } from './helpers/terminal.js';

const PRICE = { currencies: ['BTC'], amount: '106.75', amount_currency: 'EUR' } satisfies TokenClaims;
const TXID = 'f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16';

let n = 0;
/** A customer of their own (fresh addresses, no earlier events) unless a test shares one. */
const customer = () => `settlement-${Date.now()}-${++n}`;

/** The token's expiry, as the element reads it from /config. */
function expiryOf(token: string): number {
  return (JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number }).exp;
}

/** Every status the element takes, in order, from now on (loading and choosing left out). */
function statusesOf(el: CoinsPaidTerminal): TerminalStatus[] {
  const seen: TerminalStatus[] = [];
  el.addEventListener('coinspaid-status-changed', (e) => {
    if (e.detail.status !== 'loading' && e.detail.status !== 'choosing') seen.push(e.detail.status);
  });
  return seen;
}

/** A BTC checkout for 106.75 EUR, waiting with its address shown. */
async function checkout(attributes: Record<string, string> = {}, claims: TokenClaims = {}) {
  const token = await mintToken({ ...PRICE, foreign_id: customer(), ...claims });
  const el = await mount({ currency: 'BTC', ...attributes }, token, { width: 340 });
  const rate = oneEvent(el, 'coinspaid-rate-updated');
  const ready = await oneEvent(el, 'coinspaid-address-ready');
  await until(el, 'waiting');
  return { el, token, address: ready.detail.address.address, amount: ready.detail.amount!, price: (await rate).detail.quote.price };
}

describeStack('<coinspaid-terminal> once a payment is seen (the proxy’s settlement)', function () {
  this.timeout(15_000);

  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
    sinon.restore();
  });

  it('shows the deadline from the start as a clock time, and the announcements name the same time', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { el, token } = await checkout({ lang: 'en-GB' });
    const payBy = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' }).format(expiryOf(token) * 1000);
    const timer = $(el, '[part="timer"]')!;
    expect(timer.textContent).to.contain(`Pay by ${payBy}`);
    // No count of minutes that sighted customers do not see: the countdown appears only in the last 15 minutes.
    expect(timer.textContent).to.not.contain('Time left to pay');
    clock.tick(181_000);
    // Said at the next tick once the announcement's words have loaded (they come after the QR): up to a few seconds on a busy machine.
    await waitUntil(() => /minutes left to pay/.test($(el, '#live')!.textContent!), 'no announcement', { timeout: 5000 });
    expect($(el, '#live')!.textContent!.trim()).to.equal(`27 minutes left to pay. Pay by ${payBy}`);
    await expect(el).to.be.accessible();
  });

  it('payment seen: the request (amount, QR, rate countdown) gives way to what was sent, confirming', async () => {
    const { el, address, amount } = await checkout();
    const sent = await control<{ data: { transaction_id: number } }>('deposits', { address, amount, outcome: 'pending' });
    await until(el, 'not_confirmed');
    expect($(el, '#heading')!.textContent).to.equal('Payment seen');
    expect(text(el)).to.contain(`You sent ${Number(amount)} BTC.`);
    expect(text(el)).to.contain('Waiting for confirmations');
    expect(el.shadowRoot!.querySelector('[part="qr"], [part="amount"], [part="timer"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
    expect($(el, '#live')!.textContent!.trim()).to.equal('Payment seen');
    await expect(el).to.be.accessible();
    await control(`deposits/${sent.data.transaction_id}/settle`, { outcome: 'confirmed' });
    await until(el, 'confirmed');
  });

  it('a remainder below the smallest payment is never asked for: no QR, no amount, a plain sentence', async () => {
    const { el, address, amount } = await checkout();
    await control('deposits', { address, amount: subtractDecimal(amount, '0.00001'), outcome: 'confirmed' });
    await until(el, 'underpaid');
    expect(text(el)).to.match(/The remaining €0\.\d\d is too small to send: it is below the smallest payment that can be received\./);
    expect(text(el)).to.contain('The shop has been told.');
    expect(el.shadowRoot!.querySelector('[part="qr"], [part="amount"], a.button')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('paid: a receipt with the order, the amount in BTC and euros, the transaction and its explorer link, the way back', async () => {
    const { el, address, amount } = await checkout({ 'url-back': '/shop/thanks?order=A-7' }, { order_id: 'A-7', convert_to: 'EUR' });
    const paid = oneEvent(el, 'coinspaid-paid');
    await control('deposits', { address, amount, outcome: 'confirmed', txid: TXID });
    const { detail } = await paid;
    // A converted payment's last event names the exchange, not the blockchain transaction: the txid comes from the settlement.
    expect(detail.txid).to.equal(TXID);
    expect(detail.settlement).to.include({ status: 'paid', order_id: 'A-7' });
    await until(el, 'confirmed');
    expect($(el, '#heading')!.textContent).to.equal('Payment received');
    const rows = receiptRows(el);
    expect(rows['Order']).to.equal('A-7');
    expect(rows['Amount paid']).to.equal(`${Number(amount)} BTC (€106.75)`);
    expect(rows['Paid at']).to.match(/\d{4}.*\d:\d\d/);
    expect($(el, 'dl code')!.textContent).to.equal(TXID);
    const explorer = $<HTMLAnchorElement>(el, `a[href="https://mempool.space/tx/${TXID}"]`)!;
    expect(explorer.textContent).to.equal('View on mempool.space');
    expect(explorer.target).to.equal('_blank');
    expect(explorer.rel).to.contain('noopener');
    // A relative url-back is the shop's own page, resolved against it; never dropped.
    expect($<HTMLAnchorElement>(el, 'a.button.primary')!.href).to.equal(new URL('/shop/thanks?order=A-7', location.href).href);
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
    await expect(el).to.be.accessible();
  });

  it('cancelled (double spend): the address and QR again with "send again"; a new payment is followed', async () => {
    const { el, address, amount } = await checkout();
    await control('deposits', { address, amount, outcome: 'cancelled' });
    await until(el, 'cancelled');
    expect($(el, '#heading')!.textContent).to.equal('Payment cancelled');
    expect(text(el)).to.contain('Send the payment again');
    expect(shownAddress(el)).to.equal(address);
    expect(await qrContent(el)).to.equal(walletUri({ currency: 'BTC', address, amount }).qr);
    await expect(el).to.be.accessible();
    await control('deposits', { address, amount, outcome: 'confirmed' });
    await until(el, 'not_confirmed');
    await until(el, 'confirmed');
  });

  it('expired: the address stays in view with the warning; "Start again" lets the page mint a new token', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { el, address } = await checkout({}, { order_id: `R-${customer()}` });
    clock.tick(31 * 60_000);
    await until(el, 'expired');
    expect(shownAddress(el)).to.equal(address);
    expect($(el, '[part="qr"]')).to.equal(null);
    expect(text(el)).to.contain('Do not send a payment to this address now.');
    await expect(el).to.be.accessible();
    const restart = oneEvent(el, 'coinspaid-restart');
    const button = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Start again')!;
    el.addEventListener('coinspaid-restart', (e) => e.preventDefault(), { once: true });
    button.click();
    const event = await restart;
    expect(event.cancelable).to.equal(true);
    expect(event.defaultPrevented).to.equal(true);
    expect(event.detail.urlBack).to.equal(null);
    // What a shop does with it: a new token for the order, with time to pay (the fake clock runs half an hour ahead).
    el.token = await mintToken({ ...PRICE, foreign_id: customer() }, 3600);
    await until(el, 'waiting');
  });

  it('expired while still choosing a currency: the expired screen, with no address to show', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const el = await mount({}, { currencies: ['BTC', 'LTC'], amount: '106.75', amount_currency: 'EUR' });
    await until(el, 'choosing');
    clock.tick(31 * 60_000);
    await until(el, 'expired');
    expect($(el, '#heading')!.textContent).to.equal('Time to pay has run out');
    expect($(el, '[part="address"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('expired without a handler: "Start again" goes to url-back, resolved against the page', async () => {
    clock = sinon.useFakeTimers({ now: Date.now(), shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { el } = await checkout({ 'url-back': '#restarted' });
    clock.tick(31 * 60_000);
    await until(el, 'expired');
    const link = $<HTMLAnchorElement>(el, 'a.button.primary')!;
    expect(link.textContent).to.equal('Start again');
    const restart = oneEvent(el, 'coinspaid-restart');
    try {
      link.click();
      expect((await restart).detail.urlBack).to.equal(new URL('#restarted', location.href).href);
      await waitUntil(() => location.hash === '#restarted', 'the link was not followed', { timeout: 5000 });
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('offers a currency whose smallest payment is worth more than the price disabled, with the reason', async () => {
    const el = await mount({}, { currencies: ['BTC', 'LTC', 'ETH'], amount: '5', amount_currency: 'EUR' });
    await until(el, 'choosing');
    const choice = (code: string) =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.choice')].find((b) => b.textContent!.includes(`(${code})`))!;
    expect(choice('BTC').getAttribute('aria-disabled')).to.equal('true');
    expect(choice('BTC').textContent).to.match(/Not available for this order: the smallest BTC payment is worth €\d+\.\d\d\./);
    expect(choice('ETH').getAttribute('aria-disabled')).to.equal('true');
    expect(choice('LTC').hasAttribute('aria-disabled')).to.equal(false);
    await expect(el).to.be.accessible();
    choice('BTC').click();
    await el.updateComplete;
    expect(el.status).to.equal('choosing');
    choice('LTC').click();
    await until(el, 'waiting');
  });

  it('never lets the page change the price: an amount contradicting the token is an error state, with a warning', async () => {
    const warn = sinon.stub(console, 'warn');
    const el = await mount({ currency: 'BTC', amount: '99', 'amount-currency': 'EUR' }, PRICE);
    const error = await oneEvent(el, 'coinspaid-error');
    expect(error.detail.code).to.equal('forbidden_by_token');
    await until(el, 'error');
    expect(el.shadowRoot!.querySelector('[part="qr"], [part="address"], [part="amount"]')).to.equal(null);
    expect(warn.calledWithMatch(/amount="99".*contradict the checkout token's price \(106\.75 EUR\)/)).to.equal(true);
    // Nor name one where the token has none.
    const open = await mount({ currency: 'BTC', amount: '10', 'amount-currency': 'EUR' }, { currencies: ['BTC'] });
    expect((await oneEvent(open, 'coinspaid-error')).detail.code).to.equal('forbidden_by_token');
    expect(warn.calledWithMatch(/amount="10".*\(none\)/)).to.equal(true);
  });

  it("a returning customer's new order waits, though the address already has the earlier order's payment", async () => {
    const shared = customer();
    const first = await checkout({}, { foreign_id: shared, order_id: `${shared}-A` });
    await control('deposits', { address: first.address, amount: first.amount, outcome: 'confirmed' });
    await until(first.el, 'confirmed');

    const token = await mintToken({ ...PRICE, foreign_id: shared, order_id: `${shared}-B` });
    const el = await mount({ currency: 'BTC' }, token, { width: 340 });
    const statuses = statusesOf(el);
    const ready = await oneEvent(el, 'coinspaid-address-ready');
    await until(el, 'waiting');
    expect(ready.detail.address.address).to.equal(first.address, 'one address per customer');
    const paid = oneEvent(el, 'coinspaid-paid');
    await control('deposits', { address: first.address, amount: ready.detail.amount, outcome: 'confirmed' });
    const { detail } = await paid;
    expect(detail.settlement.order_id).to.equal(`${shared}-B`);
    expect(detail.settlement.payments).to.have.length(1);
    await until(el, 'confirmed');
    expect(statuses).to.deep.equal(['waiting', 'not_confirmed', 'confirmed']);
  });

  it('a reload of a part-paid order shows the remainder, never the full amount again', async () => {
    const shared = customer();
    const order = `${shared}-R`;
    const first = await checkout({}, { foreign_id: shared, order_id: order });
    await control('deposits', { address: first.address, amount: subtractDecimal(first.amount, '0.0003'), outcome: 'confirmed' });
    await until(first.el, 'underpaid');
    first.el.remove();

    const token = await mintToken({ ...PRICE, foreign_id: shared, order_id: order });
    const el = await mount({ currency: 'BTC' }, token, { width: 340 });
    const statuses = statusesOf(el);
    const rate = await oneEvent(el, 'coinspaid-rate-updated');
    await until(el, 'underpaid');
    expect(statuses[0]).to.equal('underpaid');
    // What is missing, in euros, and in BTC at this page's live rate: never the full amount again.
    const remaining = $(el, '[part="amount"] .fiat')!.textContent!.replace(/[^\d.]/g, '');
    const remainder = cryptoForFiat(remaining, rate.detail.quote.price, 8);
    expect($(el, '[part="amount"] .mono')!.textContent).to.equal(`${Number(remainder)} BTC`);
    expect(text(el)).to.not.contain(`${Number(first.amount)} BTC`);
    expect(await qrContent(el)).to.equal(walletUri({ currency: 'BTC', address: first.address, amount: remainder }).qr);
  });
});
