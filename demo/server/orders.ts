import type { OrderSettlement } from '../../src/core/wire.js';
import type { CallbackHandler } from '../../src/server/proxy/index.js';

/** What the demo shop's server knows of one order: the latest settlement its handler was told, and how often it ran. */
export interface DemoOrder {
  order_id: string;
  /** The latest settlement `onCallback` received for this order; null before the first. */
  settlement: OrderSettlement | null;
  /** How many times the handler ran for this order (CoinsPaid's retries and duplicates never run it twice). */
  handled: number;
}

/** The orders remembered: a demo server runs for a while, not forever. */
const MAX_ORDERS = 1000;

/**
 * The demo merchant's own records, written by its `onCallback` as a real shop's would be: each callback's settlement,
 * per order. The demo pages show them beside the widget ("What the shop's server was told") and serve them at
 * `GET /demo/orders/:order_id`, so a visitor sees the shop's server and the customer's screen agree.
 */
export class DemoOrders {
  readonly #orders = new Map<string, DemoOrder>();

  /** The demo shop's handler: what a merchant's `onCallback` would do before fulfilling on `settlement.status === 'paid'`. */
  readonly onCallback: CallbackHandler = (_payload, { settlement }) => {
    if (settlement?.order_id) this.record(settlement.order_id, settlement);
  };

  record(id: string, settlement: OrderSettlement): void {
    const handled = (this.#orders.get(id)?.handled ?? 0) + 1;
    this.#orders.delete(id); // re-inserted last: the oldest order is the first forgotten
    this.#orders.set(id, { order_id: id, settlement, handled });
    if (this.#orders.size > MAX_ORDERS) this.#orders.delete(this.#orders.keys().next().value!);
  }

  /** The order as the shop's server knows it; an order it has not heard of yet has no settlement. */
  get(orderId: string): DemoOrder {
    return this.#orders.get(orderId) ?? { order_id: orderId, settlement: null, handled: 0 };
  }
}
