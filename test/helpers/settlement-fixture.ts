import type { OrderSettlement, SettlementPayment } from '../../src/core/wire.js';

/** A settlement for tests that only carry one along (events, webhooks, the React wrapper): `waiting`-like defaults. */
export function orderSettlement(overrides: Partial<OrderSettlement> = {}): OrderSettlement {
  return {
    checkout_id: 'o:1',
    order_id: '1',
    deadline: null,
    status: 'pending',
    expected: null,
    received: null,
    remaining: null,
    remaining_to_send: null,
    remaining_below_minimum: false,
    overpaid: null,
    late: false,
    payments: [],
    ...overrides,
  };
}

/** One payment of a settlement, not yet valued. */
export function settlementPayment(overrides: Partial<SettlementPayment> = {}): SettlementPayment {
  return {
    id: 1,
    status: 'not_confirmed',
    sent: { amount: '0.001', currency: 'BTC' },
    value: null,
    txid: null,
    seen_at: 0,
    late: false,
    previous_window: false,
    ...overrides,
  };
}
