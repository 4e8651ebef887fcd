import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { cryptoForFiat, subtractDecimal, sumDecimals } from '../../src/core/amount.js';
import { formatMoney } from '../../src/core/decimal-format.js';
import { walletUri } from '../../src/core/wallet-uri.js';
import type { OrderSettlement } from '../../src/core/wire.js';
import type { CoinsPaidTerminal } from '../../src/element/coinspaid-terminal.js';
import type { CoinsPaidPayoutAddressForm } from '../../src/element/payout-address-form.js';
import { control, describeStack, mintToken } from './helpers/stack.js';
import { $, mount as mountAt, qrContent as qr, receiptRows, text, until, type Claims } from './helpers/terminal.js';

const mount = (attributes: Record<string, string>, claims: Claims | string = {}, expiresIn?: number) =>
  mountAt(attributes, claims, { width: 340, ...(expiresIn !== undefined ? { expiresIn } : {}) });

const INVOICE = {
  title: 'Order 1042 at Northwind',
  description: 'Two bags of coffee',
  timer: true,
  url_success: 'https://shop.example/paid',
  url_failed: 'https://shop.example/failed',
  email_user: 'customer@example.com',
};

/** The proxy's settlement behind the element's latest status change (what the shop's server was told too). */
function settlementOf(el: CoinsPaidTerminal): () => OrderSettlement | null {
  let latest: OrderSettlement | null = null;
  el.addEventListener('coinspaid-status-changed', (e) => (latest = e.detail.payment?.settlement ?? latest));
  return () => latest;
}

describeStack('<coinspaid-terminal> wrong amounts and timing (address mode)', function () {
  this.timeout(15_000);

  /** A BTC checkout for the token's 106.75 EUR, which the page's attributes repeat (they may, never change it). */
  async function priced(claims: Claims = {}, expiresIn?: number) {
    const token = await mintToken({ currencies: ['BTC'], amount: '106.75', amount_currency: 'EUR', ...claims }, expiresIn);
    const el = await mount({ currency: 'BTC', amount: '106.75', 'amount-currency': 'EUR' }, token);
    const rate = oneEvent(el, 'coinspaid-rate-updated');
    const ready = await oneEvent(el, 'coinspaid-address-ready');
    await until(el, 'waiting');
    const { exp } = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number };
    return { el, exp, address: ready.detail.address.address, amount: ready.detail.amount!, price: (await rate).detail.quote.price };
  }

  it('underpaid: only the remainder, in euros and in BTC at the live rate, with its QR; the rest completes it', async () => {
    const { el, address, amount, price } = await priced();
    const settled = settlementOf(el);
    const part = subtractDecimal(amount, '0.0002');
    await control('deposits', { address, amount: part, outcome: 'confirmed' });
    await until(el, 'underpaid');
    const s = settled()!;
    expect(s.status).to.equal('underpaid');
    expect($(el, '#heading')!.textContent).to.equal('Part of the payment is missing');
    expect(text(el)).to.contain(`We received ${formatMoney(s.received!.amount, 'EUR', 'en')} of €106.75.`);
    expect($(el, '[part="amount"] .fiat')!.textContent).to.equal(formatMoney(s.remaining!.amount, 'EUR', 'en'));
    const remainder = cryptoForFiat(s.remaining!.amount, price, 8);
    expect($(el, '[part="amount"] .mono')!.textContent).to.equal(`${Number(remainder)} BTC`);
    expect(await qr(el)).to.equal(walletUri({ currency: 'BTC', address, amount: remainder }).qr);
    // The payment request for the full amount is gone.
    expect(text(el)).to.not.contain(`${Number(amount)} BTC`);
    expect($(el, '[part="timer"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
    await expect(el).to.be.accessible();

    const paid = oneEvent(el, 'coinspaid-paid');
    await control('deposits', { address, amount: remainder, outcome: 'confirmed' });
    const { detail } = await paid;
    expect(detail.settlement.status).to.equal('paid');
    await until(el, 'confirmed');
    expect(receiptRows(el)['Amount paid']).to.match(new RegExp(`^${Number(sumDecimals([part, remainder]))} BTC \\(€10[67]\\.\\d\\d\\)$`));
  });

  it('overpaid: paid, and says how much more was sent (in the price currency) and what happens to it', async () => {
    const { el, address, amount } = await priced();
    const paid = oneEvent(el, 'coinspaid-paid');
    await control('deposits', { address, amount: subtractDecimal(amount, '-0.005'), outcome: 'confirmed' });
    const { settlement } = (await paid).detail;
    await until(el, 'confirmed');
    expect(settlement.overpaid?.currency).to.equal('EUR');
    expect(text(el)).to.contain(`You sent ${formatMoney(settlement.overpaid!.amount, 'EUR', 'en')} more than asked.`);
    expect(text(el)).to.contain('will contact you about the difference');
    await expect(el).to.be.accessible();
  });

  it('paid after the time to pay ran out: still followed, confirmed, and the delay is explained', async () => {
    const { el, exp, address, amount } = await priced({}, 2);
    await until(el, 'expired', 6000);
    // The proxy counts in whole seconds: seen after the deadline means in a later second than the token's expiry.
    await waitUntil(() => Date.now() >= (exp + 1) * 1000, 'the deadline second did not pass', { timeout: 3000 });
    await control('deposits', { address, amount, outcome: 'confirmed' });
    await until(el, 'not_confirmed');
    await until(el, 'confirmed');
    expect(text(el)).to.contain('arrived after the time to pay had run out');
    await expect(el).to.be.accessible();
  });
});

describeStack('<coinspaid-terminal mode="invoice">', function () {
  this.timeout(15_000);

  async function openInvoice(extra: Record<string, unknown> = {}, attributes: Record<string, string> = {}) {
    const el = await mount(
      { mode: 'invoice', ...attributes },
      { amount: '106.75', amount_currency: 'EUR', invoice: { ...INVOICE, sender_currency: 'BTC', ...extra } },
    );
    const ready = await oneEvent(el, 'coinspaid-invoice-ready');
    await until(el, 'waiting');
    return { el, invoice: ready.detail.invoice };
  }

  it('shows the invoice: title, amount, the exact BTC amount with its QR and address, the timer and the hosted page', async () => {
    const { el, invoice } = await openInvoice();
    expect($(el, '#heading')!.textContent).to.equal(INVOICE.title);
    expect(text(el)).to.contain('Two bags of coffee');
    expect($(el, '[part="amount"] .fiat')!.textContent).to.match(/106\.75/);
    expect(invoice.sender_currency).to.equal('BTC');
    expect(text(el)).to.contain(`${Number(invoice.sender_amount)} BTC`);
    expect($(el, '[part="address"]')!.textContent).to.equal(invoice.address);
    expect(await qr(el)).to.equal(walletUri({ currency: 'BTC', address: invoice.address!, amount: invoice.sender_amount }).qr);
    expect($(el, '[part="timer"]')!.textContent).to.match(/The rate is fixed for 1[45]:\d\d/);
    const link = $<HTMLAnchorElement>(el, `a[href="${invoice.url}"]`)!;
    expect(link.textContent).to.equal('Open the invoice page');
    expect(link.rel).to.contain('noopener');
    await expect(el).to.be.accessible();
  });

  it('a payment seen in the mempool extends it to 24 hours', async () => {
    const { el, invoice } = await openInvoice();
    await control(`invoices/${invoice.id}/pay`, { outcome: 'mempool' });
    await until(el, 'not_confirmed');
    expect(text(el)).to.contain('the invoice stays open for 24 hours');
    await expect(el).to.be.accessible();
  });

  it('paid in full and confirmed: payment received', async () => {
    const { el, invoice } = await openInvoice();
    const paid = oneEvent(el, 'coinspaid-paid');
    await control(`invoices/${invoice.id}/pay`, { outcome: 'confirmed' });
    await paid;
    await until(el, 'confirmed');
    expect($(el, '#heading')!.textContent).to.equal('Payment received');
    await expect(el).to.be.accessible();
  });

  it('part paid: only the remainder (never "Send exactly" the full amount), then the rest pays it', async () => {
    const { el, invoice } = await openInvoice();
    // Half, held unconfirmed: CoinsPaid says the invoice is pending with part paid.
    const half = await control<{ data: { payment: { amount: string } } }>(`invoices/${invoice.id}/pay`, {
      fraction: '0.5',
      outcome: 'mempool',
    });
    await until(el, 'underpaid');
    const remainder = subtractDecimal(invoice.sender_amount!, half.data.payment.amount);
    expect($(el, '#heading')!.textContent).to.equal('Part of the payment is missing');
    expect(text(el)).to.not.contain('Send exactly');
    expect(text(el)).to.not.contain(`${Number(invoice.sender_amount)} BTC`);
    expect($(el, '[part="amount"] .mono')!.textContent).to.equal(`${Number(remainder)} BTC`);
    expect(await qr(el)).to.equal(walletUri({ currency: 'BTC', address: invoice.address!, amount: remainder }).qr);
    await expect(el).to.be.accessible();

    await control(`invoices/${invoice.id}/pay`, { remainder: true, outcome: 'mempool' });
    await until(el, 'not_confirmed');
    expect(text(el)).to.not.contain('Send exactly');
    const paid = oneEvent(el, 'coinspaid-paid');
    await control(`invoices/${invoice.id}/pay`, { outcome: 'confirmed' });
    await paid;
    await until(el, 'confirmed');
  });

  it('closed short (fill or kill): says plainly the shop receives less, with no QR and no amount to send', async () => {
    const { el, invoice } = await openInvoice();
    await control(`invoices/${invoice.id}/pay`, { outcome: 'underpaid' });
    await until(el, 'underpaid');
    await waitUntil(() => text(el).includes('the shop receives less than the price'), text(el), { timeout: 5000 });
    expect(text(el)).to.contain(
      'Less than the invoice amount arrived and the invoice has closed, so the shop receives less than the price. The shop has been told.',
    );
    expect($(el, '[part="qr"]')).to.equal(null);
    expect(text(el)).to.not.contain('Send exactly');
    await expect(el).to.be.accessible();
  });

  it('expired: the timer ran out before a payment, said plainly, with a way to start again', async () => {
    const { el, invoice } = await openInvoice();
    await control(`invoices/${invoice.id}/expire`, {});
    await until(el, 'expired');
    expect(text(el)).to.contain('The time to pay ran out before a payment arrived. Do not send a payment now.');
    expect(text(el)).to.contain('Start again');
  });

  it('redirects to url_success only when asked to', async () => {
    const quiet = await openInvoice();
    const redirects: string[] = [];
    const keepPage = (e: Event) => {
      redirects.push((e as CustomEvent<{ url: string }>).detail.url);
      e.preventDefault(); // the test page stays
    };
    document.addEventListener('coinspaid-redirect', keepPage);
    try {
      await control(`invoices/${quiet.invoice.id}/pay`, { outcome: 'confirmed' });
      await until(quiet.el, 'confirmed');
      const { el, invoice } = await openInvoice({}, { redirect: '' });
      await control(`invoices/${invoice.id}/pay`, { outcome: 'confirmed' });
      await until(el, 'confirmed');
      await waitUntil(() => redirects.length > 0, 'no redirect', { timeout: 5000 });
      expect(redirects).to.deep.equal([INVOICE.url_success]);
    } finally {
      document.removeEventListener('coinspaid-redirect', keepPage);
    }
  });

  it('is an error state, not a blank box, for a token that is not an invoice', async () => {
    const el = await mount({ mode: 'invoice' }, {});
    await until(el, 'error');
    expect(text(el)).to.contain('not set up correctly');
  });
});

describeStack('<coinspaid-terminal mode="futures">', function () {
  this.timeout(15_000);

  it('without a price: the table of fixed rates by amount; a pick confirms it and shows the exact amount and address', async () => {
    const el = await mount({ mode: 'futures', currency: 'BTC' }, { currencies: ['BTC'], convert_to: 'EUR' });
    await until(el, 'ready');
    expect($(el, '#heading')!.textContent).to.equal('Fixed exchange rate');
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.choice')];
    expect(rows.length).to.be.greaterThan(5);
    expect(rows[0]!.textContent).to.match(/€5\.00 at 1 BTC = €[\d,]+\.\d\d/);
    expect(text(el)).to.match(/Rates fixed until \d{1,2}:\d\d/);
    await expect(el).to.be.accessible();

    const ready = oneEvent(el, 'coinspaid-address-ready');
    rows.find((row) => row.textContent!.includes('€100.00'))!.click();
    const { detail } = await ready;
    await until(el, 'waiting');
    expect(text(el)).to.contain('The shop receives €100.00');
    expect(text(el)).to.contain(`${Number(detail.amount)} BTC`);
    expect(text(el)).to.contain('converted at the market rate when it arrives instead');
    expect(await qr(el)).to.equal(walletUri({ currency: 'BTC', address: detail.address.address, amount: detail.amount }).qr);
    await expect(el).to.be.accessible();

    await control('deposits', { address: detail.address.address, amount: detail.amount, outcome: 'confirmed' });
    await until(el, 'confirmed');
  });

  it('with a price in the settlement currency: confirms that amount directly', async () => {
    const el = await mount(
      { mode: 'futures', currency: 'LTC' },
      { currencies: ['LTC'], convert_to: 'EUR', amount: '250', amount_currency: 'EUR' },
    );
    await until(el, 'waiting');
    expect(text(el)).to.contain('The shop receives €250.00');
  });

  it('a short payment misses the fixed rate: the shop receives less, said plainly, and the rest is asked for', async () => {
    const el = await mount(
      { mode: 'futures', currency: 'LTC' },
      { currencies: ['LTC'], convert_to: 'EUR', amount: '250', amount_currency: 'EUR' },
    );
    const ready = await oneEvent(el, 'coinspaid-address-ready');
    await until(el, 'waiting');
    const settled = settlementOf(el);
    const { address, amount } = ready.detail;
    await control('deposits', { address: address.address, amount: subtractDecimal(amount!, '0.5'), outcome: 'confirmed' });
    await until(el, 'underpaid');
    expect(text(el)).to.contain('converted at the market rate when it arrived instead of the fixed rate: the shop receives less');
    const s = settled()!;
    expect(s.status).to.equal('underpaid');
    expect(s.remaining_to_send?.currency).to.equal('LTC');
    expect($(el, '[part="amount"] .mono')!.textContent).to.equal(`${Number(s.remaining_to_send!.amount)} LTC`);
    expect(await qr(el)).to.equal(walletUri({ currency: 'LTC', address: address.address, amount: s.remaining_to_send!.amount }).qr);
    expect(text(el)).to.not.contain('Send exactly');
    await expect(el).to.be.accessible();
  });

  it('explains the 10,000 EUR limit of fixed rates', async () => {
    const el = await mount(
      { mode: 'futures', currency: 'BTC' },
      { currencies: ['BTC'], convert_to: 'EUR', amount: '25000', amount_currency: 'EUR' },
    );
    const error = await oneEvent(el, 'coinspaid-error');
    expect(error.detail.code).to.equal('amount_above_limit');
    await until(el, 'error');
    expect(text(el)).to.contain('Fixed-rate payments are limited to 10,000 EUR.');
    await expect(el).to.be.accessible();
  });

  it('releases: past ts_release with nothing paid, the fixed rate is gone', async () => {
    const el = await mount(
      { mode: 'futures', currency: 'BTC' },
      { currencies: ['BTC'], convert_to: 'EUR', amount: '40', amount_currency: 'EUR' },
    );
    await until(el, 'waiting');
    const clock = sinon.useFakeTimers({
      now: Date.now(),
      shouldAdvanceTime: true,
      shouldClearNativeTimers: true,
      toFake: ['Date', 'setTimeout', 'clearTimeout'],
    });
    try {
      await clock.tickAsync(101 * 60 * 1000);
      await until(el, 'expired');
      expect($(el, '#heading')!.textContent).to.equal('Time to pay has run out');
    } finally {
      clock.restore();
    }
  });

  it('needs a checkout that converts: an error state otherwise', async () => {
    const el = await mount({ mode: 'futures', currency: 'BTC' }, { currencies: ['BTC'] });
    await until(el, 'error');
  });
});

describeStack('<coinspaid-terminal mode="payout-address">', function () {
  this.timeout(10_000);

  it('collects a checked payout address and hands it to the page; axe-clean', async () => {
    const el = await mount({ mode: 'payout-address', currencies: 'BTC ETH' }, {});
    await until(el, 'ready');
    const form = $<CoinsPaidPayoutAddressForm>(el, 'coinspaid-payout-address-form')!;
    await form.updateComplete;
    const inner = form.shadowRoot!;
    expect(inner.querySelector('h2')!.textContent).to.equal('Payout address');
    expect([...inner.querySelectorAll('option')].map((o) => o.value)).to.deep.equal(['BTC', 'ETH']);
    await expect(el).to.be.accessible();

    // A checksum typo is refused in words; the corrected address goes out as an event, nothing else happens.
    const select = inner.querySelector<HTMLSelectElement>('select')!;
    select.value = 'ETH';
    select.dispatchEvent(new Event('change'));
    const input = inner.querySelector<HTMLInputElement>('input[part="address"]')!;
    const good = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    input.value = good.replace('5aA', '5AA');
    input.dispatchEvent(new Event('input'));
    inner.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'typo not flagged', { timeout: 5000 });
    const saved = oneEvent(el, 'coinspaid-payout-address');
    input.value = good;
    input.dispatchEvent(new Event('input'));
    inner.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    const { detail } = await saved;
    expect({ currency: detail.currency, address: detail.address }).to.deep.equal({ currency: 'ETH', address: good });
  });
});
