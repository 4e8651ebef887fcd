import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckoutConflictError, CheckoutLedger, type CheckoutTerms, type PricingContext } from '../../src/server/proxy/checkouts.js';
import { MemoryStore } from '../../src/server/store/memory.js';

const T0 = 1_800_000_000;
const ADDRESS = { id: 77, currency: 'BTC', convert_to: 'EUR' };
const pricing: PricingContext = {
  price: async () => '85000',
  depositRules: async () => ({ precision: 8, minimum: '0.0001' }),
};

function order(id: string, amount = '106.75'): CheckoutTerms {
  return {
    id: `o:${id}`,
    order_id: id,
    foreign_id: 'customer:42',
    expected: { amount, currency: 'EUR' },
    expected_precision: 2,
    valuation: 'quoted',
    deadline: T0 + 10_000,
  };
}

function deposit(id: number, amount: string, status: 'not_confirmed' | 'confirmed' | 'cancelled' = 'confirmed') {
  return { id, status, sent: { amount, currency: 'BTC' }, received: null, txid: `tx${id}` };
}

describe('CheckoutLedger: one record per checkout, payments attributed once', () => {
  it("never lets a returning customer's earlier payment settle their new order", async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    const first = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00125589'), T0 + 30, pricing);
    assert.equal(first.checkout?.order_id, 'A');
    assert.equal(first.settlement?.status, 'paid');

    await ledger.begin(order('B'), ADDRESS, T0 + 600);
    const settlementB = await ledger.settlementOf('o:B', T0 + 601, pricing);
    assert.equal(settlementB?.status, 'waiting');
    // A's payment confirming again (a late duplicate) stays A's.
    const repeat = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00125589'), T0 + 700, pricing);
    assert.equal(repeat.outcome, 'unchanged');
    assert.equal(repeat.checkout?.order_id, 'A');
    // B's own payment settles B.
    const second = await ledger.applyDeposit(ADDRESS.id, deposit(2, '0.00125589'), T0 + 800, pricing);
    assert.equal(second.checkout?.order_id, 'B');
    assert.equal(second.settlement?.status, 'paid');
  });

  it('keeps a payment with the order it was first seen for when it confirms after a new order began', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00125589', 'not_confirmed'), T0 + 30, pricing);
    await ledger.begin(order('B'), ADDRESS, T0 + 60);
    const confirmed = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00125589'), T0 + 90, pricing);
    assert.equal(confirmed.checkout?.order_id, 'A');
    assert.equal((await ledger.settlementOf('o:B', T0 + 91, pricing))?.status, 'waiting');
  });

  it('leaves a payment to an address no checkout was waiting on unattributed', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    const applied = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.001'), T0, pricing);
    assert.equal(applied.outcome, 'unattributed');
    assert.equal(applied.settlement, null);
  });

  it('ignores a status that goes backwards (confirmed, then not_confirmed)', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00125589'), T0 + 10, pricing);
    const late = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00125589', 'not_confirmed'), T0 + 20, pricing);
    assert.equal(late.outcome, 'regressed');
    assert.equal(late.settlement?.status, 'paid');
  });

  it('values a payment at the rate quoted to the customer, not at a later market price', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    await ledger.recordQuote('o:A', { from: 'BTC', to: 'EUR', price: '90000', ts_fixed: T0, ts_release: T0 + 60 });
    // 0.00118612 × 90000 = 106.7508 EUR: paid at the quoted rate (the market price of 85000 would say underpaid).
    const applied = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.00118612'), T0 + 30, pricing);
    assert.equal(applied.settlement?.status, 'paid');
    assert.equal(applied.checkout?.payments[0]?.market_price, null);
  });

  it('records the market price for a payment seen outside every quoted window', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    const applied = await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.0006'), T0 + 30, pricing);
    assert.equal(applied.checkout?.payments[0]?.market_price, '85000');
    assert.equal(applied.settlement?.status, 'underpaid');
    assert.deepEqual(applied.settlement?.remaining, { amount: '55.75', currency: 'EUR' });
  });

  it('continues an order on reload and refuses another amount once it has payments', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    await ledger.applyDeposit(ADDRESS.id, deposit(1, '0.0006'), T0 + 30, pricing);
    const reloaded = await ledger.begin(order('A'), ADDRESS, T0 + 300);
    assert.equal(reloaded.began_at, T0);
    assert.equal(reloaded.payments.length, 1);
    await assert.rejects(ledger.begin(order('A', '99.00'), ADDRESS, T0 + 400), CheckoutConflictError);
  });

  it('settles concurrent callbacks for one address without losing either payment', async () => {
    const ledger = new CheckoutLedger({ store: new MemoryStore() });
    await ledger.begin(order('A'), ADDRESS, T0);
    await Promise.all([
      ledger.applyDeposit(ADDRESS.id, deposit(1, '0.0006'), T0 + 30, pricing),
      ledger.applyDeposit(ADDRESS.id, deposit(2, '0.00065589'), T0 + 30, pricing),
    ]);
    const settlement = await ledger.settlementOf('o:A', T0 + 31, pricing);
    assert.equal(settlement?.payments.length, 2);
    assert.equal(settlement?.status, 'paid');
  });
});
