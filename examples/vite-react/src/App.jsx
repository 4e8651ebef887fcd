import { useEffect, useState } from 'react';
import { CoinsPaidTerminal } from 'coinspaid-terminal/react';

export function App() {
  const [checkout, setCheckout] = useState(null); // { order, token } from your backend
  const [paid, setPaid] = useState(null);
  const [shown, setShown] = useState(null); // sandbox only: the address and amount on screen

  useEffect(() => {
    fetch('/api/orders', { method: 'POST' })
      .then((response) => response.json())
      .then(setCheckout);
  }, []);

  // Thank the customer once your server says the order is paid: it learns it from CoinsPaid, in onCallback.
  async function confirm() {
    for (let tries = 0; tries < 30; tries++) {
      const order = await (await fetch(`/api/orders/${checkout.order.id}`)).json();
      if (order.status === 'paid') return setPaid(order);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  if (!checkout) return <p>Preparing your checkout…</p>;
  const { order, token } = checkout;
  return (
    <main>
      <h1>
        Order {order.id}: {order.amount} {order.currency}
      </h1>
      {paid ? (
        <p role="status">Thank you! Order {paid.id} is paid.</p>
      ) : (
        <CoinsPaidTerminal
          proxy="/coinspaid"
          token={token}
          onCoinspaidPaid={confirm}
          onCoinspaidAddressReady={(event) => setShown(event.detail)}
          onCoinspaidRateUpdated={(event) => setShown((s) => s && { ...s, amount: event.detail.amount })}
        />
      )}
      {shown && !paid && <SandboxPay shown={shown} />}
    </main>
  );
}

/** Sandbox only (remove it with the sandbox): plays the customer paying the amount shown. */
function SandboxPay({ shown }) {
  const pay = () =>
    fetch('/sandbox/control/deposits', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
      body: JSON.stringify({ address: shown.address.address, tag: shown.address.tag, amount: shown.amount }),
    });
  return <button onClick={pay}>Sandbox: pay this</button>;
}
