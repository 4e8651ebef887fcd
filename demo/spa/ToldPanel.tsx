// Demo only, as demo/orders-panel.js on the script-tag pages: what the demo shop's onCallback recorded for this order
// (GET /demo/orders/:order_id), live beside the widget. A real shop reads its own records.
import { Fragment, useEffect, useState } from 'react';
import type { OrderSettlement } from 'coinspaid-terminal';

interface DemoOrder {
  order_id: string;
  settlement: OrderSettlement | null;
  handled: number;
}

const money = (m: { amount: string; currency: string } | null) => (m ? `${m.amount} ${m.currency}` : '—');

export function ToldPanel({ orderId, status }: { orderId: string; status: string }) {
  const [order, setOrder] = useState<DemoOrder | null>(null);

  // Polled, and asked again whenever the widget's status changes (the handler has run by the time the widget hears).
  useEffect(() => {
    const controller = new AbortController();
    const refresh = () =>
      fetch(`/demo/orders/${encodeURIComponent(orderId)}`, { cache: 'no-store', signal: controller.signal })
        .then((response) => (response.ok ? (response.json() as Promise<DemoOrder>) : null))
        .then((next) => next && setOrder(next))
        .catch(() => undefined);
    void refresh();
    const timer = window.setInterval(refresh, 1000);
    return () => {
      controller.abort();
      window.clearInterval(timer);
    };
  }, [orderId, status]);

  const s = order?.settlement ?? null;
  const rows: Array<[string, string, string]> = s
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
        ['handled', 'Handler ran', `${order!.handled} time${order!.handled === 1 ? '' : 's'}`],
      ]
    : [['status', 'Status', 'nothing yet']];
  return (
    <aside className="told" aria-labelledby="told-title" data-order-id={orderId}>
      <h2 id="told-title">What the shop&apos;s server was told</h2>
      <p>
        What this demo shop&apos;s <code>onCallback</code> received for order #{orderId}, live (
        <a href={`/demo/orders/${orderId}`}>as JSON</a>). A shop fulfils the order on <code>status: paid</code> only.
      </p>
      <p className="told-status" role="status">
        {s
          ? `The shop's server was told: ${s.status}${s.status === 'paid' ? ' (fulfil the order)' : ''}.`
          : "The shop's server has not been called for this order yet."}
      </p>
      <dl className="result told-body">
        {rows.map(([field, name, value]) => (
          <Fragment key={field}>
            <dt>{name}</dt>
            <dd data-field={field}>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </aside>
  );
}
