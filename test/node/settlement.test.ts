import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attributePayment,
  settle,
  type AttributedPayment,
  type CheckoutOnAddress,
  type QuotedRate,
  type SettlementInput,
} from '../../src/core/settlement.js';

const T0 = 1_800_000_000;
/** BTC at 85,000 EUR in the window [T0, T0+60], 86,000 in the next one. */
const QUOTES: QuotedRate[] = [
  { from: 'BTC', to: 'EUR', price: '85000', ts_fixed: T0, ts_release: T0 + 60 },
  { from: 'BTC', to: 'EUR', price: '86000', ts_fixed: T0 + 60, ts_release: T0 + 120 },
];
/** What the widget asked in the first window for 106.75 EUR: 106.75 / 85000 rounded up to 8 decimals. */
const ASKED_W1 = '0.00125589';
const ASKED_W2 = '0.00124128';

function payment(amount: string, over: Partial<AttributedPayment> = {}): AttributedPayment {
  return {
    id: 1,
    status: 'confirmed',
    sent: { amount, currency: 'BTC' },
    received: null,
    seen_at: T0 + 10,
    txid: 'tx1',
    market_price: null,
    ...over,
  };
}

function input(payments: AttributedPayment[], over: Partial<SettlementInput> = {}): SettlementInput {
  return {
    expected: { amount: '106.75', currency: 'EUR' },
    expectedPrecision: 2,
    payments,
    quotes: QUOTES,
    valuation: 'quoted',
    deadline: T0 + 1800,
    now: T0 + 100,
    graceSeconds: 120,
    tolerancePercent: '0',
    paying: { currency: 'BTC', precision: 8, minimum: '0.0001', price: '86000' },
    ...over,
  };
}

describe('settle: a fiat order paid in crypto', () => {
  it('is paid by exactly the amount asked in the window the payment was seen in', () => {
    const s = settle(input([payment(ASKED_W1)]));
    assert.equal(s.status, 'paid');
    assert.deepEqual(s.received, { amount: '106.75', currency: 'EUR' });
    assert.equal(s.overpaid, null);
    assert.equal(s.remaining, null);
    assert.equal(s.late, false);
  });

  it('counts one satoshi short as paid: less than a cent is not a shortfall (dust is never asked for)', () => {
    const oneSatShort = '0.00125588';
    const s = settle(input([payment(oneSatShort)]));
    assert.equal(s.status, 'paid');
    assert.equal(s.remaining, null);
  });

  it('counts a USDT amount typed to the cent (0.006099 USDT short) as paid', () => {
    const usdt: QuotedRate = { from: 'USDTT', to: 'EUR', price: '0.92', ts_fixed: T0, ts_release: T0 + 60 };
    // 106.75 / 0.92 = 116.032609 (rounded up); the customer typed 116.03.
    const s = settle(
      input([payment('116.03', { sent: { amount: '116.03', currency: 'USDTT' } })], {
        quotes: [usdt],
        paying: { currency: 'USDTT', precision: 6, minimum: '1', price: '0.92' },
      }),
    );
    assert.equal(s.status, 'paid');
  });

  it('asks for the remainder of an underpayment, in the order currency and in the currency being paid', () => {
    const s = settle(input([payment('0.0006')])); // 0.0006 × 85000 = 51 EUR
    assert.equal(s.status, 'underpaid');
    assert.deepEqual(s.received, { amount: '51.00', currency: 'EUR' });
    assert.deepEqual(s.remaining, { amount: '55.75', currency: 'EUR' });
    // 55.75 / 86000 (the current price), rounded up.
    assert.deepEqual(s.remaining_to_send, { amount: '0.00064826', currency: 'BTC' });
    assert.equal(s.remaining_below_minimum, false);
  });

  it('never asks for a remainder below the minimum deposit: it says so instead', () => {
    const s = settle(input([payment('0.00121')])); // 102.85 EUR: 3.90 EUR = 0.00004535 BTC < 0.0001 BTC
    assert.equal(s.status, 'underpaid');
    assert.deepEqual(s.remaining, { amount: '3.90', currency: 'EUR' });
    assert.equal(s.remaining_below_minimum, true);
  });

  it('is paid once the remainder of an underpayment arrives', () => {
    const first = payment('0.0006');
    const rest = payment('0.00064826', { id: 2, seen_at: T0 + 70, txid: 'tx2' });
    const s = settle(input([first, rest]));
    assert.equal(s.status, 'paid');
    assert.equal(s.payments.length, 2);
    assert.deepEqual(
      s.payments.map((p) => p.value?.amount),
      ['51.00', '55.75'],
    );
  });

  it('is pending while the remainder is on its way (not confirmed), showing what arrived so far', () => {
    const first = payment('0.0006');
    const rest = payment('0.00064826', { id: 2, status: 'not_confirmed', seen_at: T0 + 70 });
    const s = settle(input([first, rest]));
    assert.equal(s.status, 'pending');
    assert.deepEqual(s.received, { amount: '51.00', currency: 'EUR' });
  });

  it('holds the tolerance edge exactly: 1 % short is paid with a 1 % tolerance, a cent more is not', () => {
    // 1 % of 106.75 = 1.0675 EUR; paid value 105.6825 EUR = 0.00124332... BTC at 85000: use EUR-priced BTC value.
    const atEdge = settle(input([payment('1', { sent: { amount: '105.6825', currency: 'EUR' } })], { tolerancePercent: '1' }));
    assert.equal(atEdge.status, 'paid');
    const beyond = settle(input([payment('1', { sent: { amount: '105.67', currency: 'EUR' } })], { tolerancePercent: '1' }));
    assert.equal(beyond.status, 'underpaid');
    assert.deepEqual(beyond.remaining, { amount: '1.08', currency: 'EUR' });
  });

  it('reports an overpayment beyond tolerance, rounded down, and none for the sub-cent excess of rounding up', () => {
    const over = settle(input([payment('0.0013')])); // 110.50 EUR
    assert.equal(over.status, 'paid');
    assert.deepEqual(over.overpaid, { amount: '3.75', currency: 'EUR' });
    const rounding = settle(input([payment(ASKED_W1)]));
    assert.equal(rounding.overpaid, null);
  });

  it("accepts the previous window's amount for a payment seen within the grace period after that window ended", () => {
    // Seen 30 s into the second window, with the first window's (higher, at the lower price) amount: paid, flagged.
    const s = settle(input([payment(ASKED_W2, { seen_at: T0 + 90 })]));
    assert.equal(s.status, 'paid');
    assert.equal(s.payments[0]!.previous_window, false); // 0.00124128 × 86000 = 106.75: the current window pays
    const fromFirstWindow = settle(
      input([payment(ASKED_W1, { seen_at: T0 + 150 })], {
        quotes: [QUOTES[0]!, { from: 'BTC', to: 'EUR', price: '84000', ts_fixed: T0 + 120, ts_release: T0 + 180 }],
      }),
    );
    assert.equal(fromFirstWindow.status, 'paid');
    assert.equal(fromFirstWindow.payments[0]!.previous_window, true);
  });

  it('values a payment seen after the grace period at the market price recorded when it was seen', () => {
    const s = settle(input([payment(ASKED_W1, { seen_at: T0 + 600, market_price: '80000' })]));
    // 0.00125589 × 80000 = 100.47 EUR
    assert.equal(s.status, 'underpaid');
    assert.deepEqual(s.received, { amount: '100.47', currency: 'EUR' });
  });

  it('is pending when a confirmed payment cannot be valued yet (no quote and no market price)', () => {
    const s = settle(input([payment(ASKED_W1, { seen_at: T0 + 600 })]));
    assert.equal(s.status, 'pending');
  });

  it('marks a payment seen after the deadline late, and still counts it', () => {
    const s = settle(
      input([payment(ASKED_W1, { seen_at: T0 + 2000, market_price: '85000' })], {
        now: T0 + 2100,
      }),
    );
    assert.equal(s.status, 'paid');
    assert.equal(s.late, true);
    assert.equal(s.payments[0]!.late, true);
  });

  it('is cancelled after a double spend, then paid by a new payment', () => {
    const cancelled = payment(ASKED_W1, { status: 'cancelled' });
    assert.equal(settle(input([cancelled])).status, 'cancelled');
    const again = payment(ASKED_W2, { id: 2, seen_at: T0 + 70 });
    assert.equal(settle(input([cancelled, again])).status, 'paid');
  });

  it('is waiting before the deadline with nothing seen, expired after it', () => {
    assert.equal(settle(input([])).status, 'waiting');
    assert.equal(settle(input([], { now: T0 + 1801 })).status, 'expired');
    assert.equal(settle(input([payment(ASKED_W1, { status: 'cancelled' })], { now: T0 + 1801 })).status, 'expired');
  });

  it('stays underpaid after the deadline: the rest can still be sent', () => {
    assert.equal(settle(input([payment('0.0006')], { now: T0 + 1801 })).status, 'underpaid');
  });

  it('values a fixed-rate (futures) payment at what CoinsPaid credited: a short payment leaves the shop short', () => {
    const futures: Partial<SettlementInput> = { valuation: 'received', quotes: [] };
    const exact = payment('0.00125589', { received: { amount: '106.75', currency: 'EUR' } });
    assert.equal(settle(input([exact], futures)).status, 'paid');
    const short = payment('0.00113', { received: { amount: '95.20', currency: 'EUR' } });
    const s = settle(input([short], futures));
    assert.equal(s.status, 'underpaid');
    assert.deepEqual(s.remaining, { amount: '11.55', currency: 'EUR' });
  });
});

describe('settle: a crypto-priced order', () => {
  const crypto: Partial<SettlementInput> = { expected: { amount: '0.0125', currency: 'BTC' }, expectedPrecision: 8 };

  it('is paid by the exact amount and underpaid by one satoshi less, whose remainder is too small to send', () => {
    assert.equal(settle(input([payment('0.0125')], crypto)).status, 'paid');
    const s = settle(input([payment('0.01249999')], crypto));
    assert.equal(s.status, 'underpaid');
    assert.deepEqual(s.remaining, { amount: '0.00000001', currency: 'BTC' });
    assert.deepEqual(s.remaining_to_send, { amount: '0.00000001', currency: 'BTC' });
    assert.equal(s.remaining_below_minimum, true);
  });

  it('asks for a remainder that can be sent', () => {
    const s = settle(input([payment('0.01')], crypto));
    assert.deepEqual(s.remaining_to_send, { amount: '0.00250000', currency: 'BTC' });
    assert.equal(s.remaining_below_minimum, false);
  });
});

describe('settle: an open amount (account top-up)', () => {
  const open: Partial<SettlementInput> = { expected: null };

  it('is paid by any confirmed payment and reports the sum received in the currency paid', () => {
    const s = settle(input([payment('0.001'), payment('0.002', { id: 2 })], open));
    assert.equal(s.status, 'paid');
    assert.deepEqual(s.received, { amount: '0.003', currency: 'BTC' });
    assert.equal(s.payments[0]!.value, null);
  });

  it('is pending while the only payment is unconfirmed', () => {
    assert.equal(settle(input([payment('0.001', { status: 'not_confirmed' })], open)).status, 'pending');
  });
});

describe('attributePayment: which checkout a payment to a reused address belongs to', () => {
  const orderA: CheckoutOnAddress = { id: 'order:A', began_at: T0, fixed_amount: true, paid_at: T0 + 100 };
  const orderB: CheckoutOnAddress = { id: 'order:B', began_at: T0 + 500, fixed_amount: true, paid_at: null };

  it('never gives a new order a payment seen before it began', () => {
    assert.equal(attributePayment([orderA, orderB], T0 + 50), 'order:A');
    assert.equal(attributePayment([orderB], T0 + 50), null);
  });

  it("gives a payment seen after a fixed-amount order was paid to the customer's next order, or to none", () => {
    assert.equal(attributePayment([orderA], T0 + 200), null);
    assert.equal(attributePayment([orderA, orderB], T0 + 600), 'order:B');
  });

  it('keeps giving payments to an open amount (top-up) after it was paid', () => {
    const topUp: CheckoutOnAddress = { id: 'topup', began_at: T0, fixed_amount: false, paid_at: T0 + 100 };
    assert.equal(attributePayment([topUp], T0 + 5000), 'topup');
  });

  it('prefers the checkout that began last among the open ones (the page the customer is looking at)', () => {
    const olderOpen: CheckoutOnAddress = { id: 'order:C', began_at: T0, fixed_amount: true, paid_at: null };
    assert.equal(attributePayment([olderOpen, orderB], T0 + 600), 'order:B');
    assert.equal(attributePayment([olderOpen, orderB], T0 + 400), 'order:C');
  });
});
