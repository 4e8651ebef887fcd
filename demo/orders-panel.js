// @ts-check
// The demo's "What the shop's server was told" panel: what the demo shop's onCallback recorded for this page's order
// (GET /demo/orders/:order_id, demo/server/orders.ts), live beside the widget, so that the shop's server and the
// customer's screen can be seen to agree. Demo code only: a real shop reads its own records.

const POLL_MS = 1000;

/**
 * @typedef {{ amount: string, currency: string }} Money
 * @typedef {{ status: string, expected: Money | null, received: Money | null, remaining: Money | null,
 *   remaining_below_minimum: boolean, overpaid: Money | null, late: boolean, payments: unknown[] }} Settlement
 * @typedef {{ order_id: string, settlement: Settlement | null, handled: number }} Order
 */

/** @param {Element} panel */
export function followOrder(panel) {
  const orderId = /** @type {HTMLElement} */ (panel).dataset['orderId'] ?? '';
  const list = /** @type {HTMLElement} */ (panel.querySelector('.told-body'));
  const line = /** @type {HTMLElement} */ (panel.querySelector('.told-status'));
  let last = '';

  /** @param {Money | null} money */
  const money = (money) => (money ? `${money.amount} ${money.currency}` : '—');

  /** @param {Order} order */
  function render(order) {
    const s = order.settlement;
    const rows = s
      ? [
          ['status', 'Status', s.status],
          ['expected', 'Expected', money(s.expected)],
          ['received', 'Received', money(s.received)],
          [
            'remaining',
            'Remaining',
            s.remaining ? `${money(s.remaining)}${s.remaining_below_minimum ? ' (too small to ask for)' : ''}` : '—',
          ],
          ['overpaid', 'Overpaid', money(s.overpaid)],
          ['late', 'Late', s.late ? 'yes' : 'no'],
          ['payments', 'Payments', String(s.payments.length)],
          ['handled', 'Handler ran', `${order.handled} time${order.handled === 1 ? '' : 's'}`],
        ]
      : [['status', 'Status', 'nothing yet']];
    list.replaceChildren(
      ...rows.flatMap(([field, name, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = name;
        const dd = document.createElement('dd');
        dd.dataset['field'] = field;
        dd.textContent = value;
        return [dt, dd];
      }),
    );
    line.textContent = s
      ? `The shop's server was told: ${s.status}${s.status === 'paid' ? ' (fulfil the order)' : ''}.`
      : "The shop's server has not been called for this order yet.";
  }

  async function refresh() {
    try {
      const response = await fetch(`/demo/orders/${encodeURIComponent(orderId)}`, { cache: 'no-store' });
      if (!response.ok) return;
      const text = await response.text();
      if (text === last) return;
      last = text;
      render(/** @type {Order} */ (JSON.parse(text)));
    } catch {
      // The demo server restarting: the next poll tries again.
    }
  }

  void refresh();
  window.setInterval(() => void refresh(), POLL_MS);
  // Right away too when the widget's status changes: the callback that changed it has been handled by then.
  document.addEventListener('coinspaid-status-changed', () => void refresh());
}

const panel = document.querySelector('.told[data-order-id]');
if (panel) followOrder(panel);
