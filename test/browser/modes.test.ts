import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { subtractDecimal } from '../../src/core/amount.js';
import { walletUri } from '../../src/core/wallet-uri.js';
import type { PaymentEvent } from '../../src/core/wire.js';
import type { CoinsPaidPayoutAddressForm } from '../../src/element/payout-address-form.js';
import { settle } from '../../src/element/settlement.js';
import { control, describeStack } from './helpers/stack.js';
import { $, mount as mountAt, qrContent as qr, text, until, type Claims } from './helpers/terminal.js';

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

function event(payment_id: number, status: PaymentEvent['status'], amount: string, currency = 'BTC'): PaymentEvent {
  return {
    id: String(payment_id),
    kind: 'deposit',
    status,
    payment_id,
    sent: { currency, amount },
    received: null,
    remaining: null,
    expires_at: null,
    txid: null,
    confirmations: null,
    error: '',
    at: 0,
    settlement: null,
  };
}

describe('settle(): payments judged against the amount asked', () => {
  it('is paid when confirmed payments reach the current amount, and reports what was sent over it', () => {
    expect(settle([event(1, 'confirmed', '0.0021')], 'BTC', ['0.0020'], 8)).to.include({
      state: 'paid',
      over: '0.0001',
      afterRateWindow: false,
    });
    expect(settle([event(1, 'confirmed', '0.002')], 'BTC', ['0.0020'], 8)).to.include({ state: 'paid', over: null });
  });

  it('adds up parts, and asks for the rest rounded up to the currency precision', () => {
    const first = settle([event(1, 'confirmed', '0.0015')], 'BTC', ['0.00200001'], 8);
    expect(first).to.include({ state: 'underpaid', received: '0.0015', remaining: '0.00050001' });
    expect(settle([event(1, 'confirmed', '0.0015'), event(2, 'confirmed', '0.00050001')], 'BTC', ['0.00200001'], 8).state).to.equal('paid');
  });

  it('accepts the previous rate window amount as paid after the window, never less', () => {
    expect(settle([event(1, 'confirmed', '0.0019')], 'BTC', ['0.0019', '0.0020'], 8)).to.include({
      state: 'paid',
      afterRateWindow: true,
      expected: '0.0019',
    });
    expect(settle([event(1, 'confirmed', '0.0018')], 'BTC', ['0.0019', '0.0020'], 8)).to.include({
      state: 'underpaid',
      remaining: '0.00020000',
    });
  });

  it('waits while any payment is unconfirmed; cancelled only when nothing else arrived; ignores other currencies', () => {
    expect(settle([event(1, 'confirmed', '0.001'), event(2, 'not_confirmed', '0.001')], 'BTC', ['0.002'], 8).state).to.equal('pending');
    expect(settle([event(1, 'cancelled', '0.002')], 'BTC', ['0.002'], 8).state).to.equal('cancelled');
    expect(settle([event(1, 'confirmed', '5', 'LTC')], 'BTC', ['0.002'], 8).state).to.equal('none');
    expect(settle([event(1, 'confirmed', '0.5')], 'BTC', [], 8).state).to.equal('paid'); // no price: any payment pays
  });
});

describeStack('<coinspaid-terminal> wrong amounts and timing (address mode)', function () {
  this.timeout(15_000);

  async function priced(claims: Claims = {}, expiresIn?: number) {
    const el = await mount({ currency: 'BTC', amount: '106.75', 'amount-currency': 'EUR' }, { currencies: ['BTC'], ...claims }, expiresIn);
    const ready = await oneEvent(el, 'coinspaid-address-ready');
    await until(el, 'waiting');
    return { el, address: ready.detail.address.address, amount: ready.detail.amount! };
  }

  it('underpaid: says what arrived and what is missing, with a QR for the remainder; the rest completes it', async () => {
    const { el, address, amount } = await priced();
    const part = subtractDecimal(amount, '0.0001');
    await control('deposits', { address, amount: part, outcome: 'confirmed' });
    await until(el, 'underpaid');
    const remaining = '0.00010000';
    expect($(el, '#heading')!.textContent).to.equal('Part of the payment is missing');
    expect(text(el)).to.contain(`We received ${Number(part)} BTC of ${Number(amount)} BTC.`);
    expect($(el, '[part="amount"] .mono')!.textContent).to.equal('0.0001 BTC');
    expect(await qr(el)).to.equal(walletUri({ currency: 'BTC', address, amount: remaining }).qr);
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading');
    await expect(el).to.be.accessible();

    const paid = oneEvent(el, 'coinspaid-paid');
    await control('deposits', { address, amount: remaining, outcome: 'confirmed' });
    await paid;
    await until(el, 'confirmed');
    expect(text(el)).to.contain(`Received ${Number(amount)} BTC.`);
  });

  it('overpaid: paid, and says how much more was sent and what happens to it', async () => {
    const { el, address, amount } = await priced();
    await control('deposits', { address, amount: subtractDecimal(amount, '-0.005'), outcome: 'confirmed' });
    await until(el, 'confirmed');
    expect(text(el)).to.contain('You sent 0.005 BTC more than asked.');
    expect(text(el)).to.contain('will contact you about the difference');
    await expect(el).to.be.accessible();
  });

  it('paid after the time to pay ran out: still followed, confirmed, and the delay is explained', async () => {
    const { el, address, amount } = await priced({}, 3);
    await until(el, 'expired', 6000);
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

  it('failed for paying too little: final, with the reason in plain words', async () => {
    const { el, invoice } = await openInvoice();
    await control(`invoices/${invoice.id}/pay`, { outcome: 'underpaid' });
    await until(el, 'failed');
    expect($(el, '#heading')!.textContent).to.equal('Payment failed');
    expect(text(el)).to.contain('Less than the invoice amount arrived. CoinsPaid emails you a link to get it refunded.');
    await expect(el).to.be.accessible();
  });

  it('expired: the timer ran out before a payment, said plainly', async () => {
    const { el, invoice } = await openInvoice();
    await control(`invoices/${invoice.id}/expire`, {});
    await until(el, 'failed');
    expect(text(el)).to.contain('The time to pay ran out before a payment arrived.');
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
      await waitUntil(() => redirects.length > 0, 'no redirect');
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
    await waitUntil(() => input.getAttribute('aria-invalid') === 'true', 'typo not flagged');
    const saved = oneEvent(el, 'coinspaid-payout-address');
    input.value = good;
    input.dispatchEvent(new Event('input'));
    inner.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    const { detail } = await saved;
    expect({ currency: detail.currency, address: detail.address }).to.deep.equal({ currency: 'ETH', address: good });
  });
});
