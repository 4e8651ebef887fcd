// The demo shop's checkout as a React app: what a merchant writes around `coinspaid-terminal/react`. The token comes
// from the shop's backend (here the demo server's POST /demo/token); the API key never reaches the browser.
import { useCallback, useEffect, useState } from 'react';
import {
  CoinsPaidTerminal,
  type OrderSettlement,
  type PaidEvent,
  type TerminalErrorEvent,
  type TerminalStatus,
} from 'coinspaid-terminal/react';
import { SandboxPanel, type PayTarget } from './SandboxPanel.js';
import { ToldPanel } from './ToldPanel.js';

type TokenState = { state: 'loading' } | { state: 'ready'; token: string; orderId: string } | { state: 'failed'; message: string };

const ITEMS = [
  ['Ethiopia Yirgacheffe, 1 kg', '€42.00'],
  ['Colombia Huila, 1 kg', '€38.50'],
  ['Hario V60 dripper', '€21.25'],
  ['Shipping (DHL, 2–3 days)', '€5.00'],
] as const;

/** A new order and its checkout token from the shop's backend; `?customer=` on this page names the shop's customer. */
async function fetchToken(signal: AbortSignal): Promise<{ token: string; order_id: string }> {
  const customer = new URLSearchParams(window.location.search).get('customer');
  const query = customer ? `?${new URLSearchParams({ customer })}` : '';
  const response = await fetch(`/demo/token${query}`, { method: 'POST', signal });
  if (!response.ok) throw new Error(`the shop's backend answered ${response.status}`);
  return (await response.json()) as { token: string; order_id: string };
}

/** What arrived, from the settlement the shop's server was told too: "0.0012 BTC (106.75 EUR)". */
function paidText(settlement: OrderSettlement): string {
  const sent = settlement.payments.filter((p) => p.status === 'confirmed').map((p) => p.sent);
  const crypto = sent.length === 1 ? `${sent[0]!.amount} ${sent[0]!.currency}` : 'your payment';
  const value =
    settlement.received && settlement.received.currency !== sent[0]?.currency
      ? ` (${settlement.received.amount} ${settlement.received.currency})`
      : '';
  return `${crypto}${value}`;
}

export function App() {
  const [token, setToken] = useState<TokenState>({ state: 'loading' });
  const [status, setStatus] = useState<TerminalStatus>('loading');
  const [paid, setPaid] = useState<PaidEvent['detail'] | null>(null);
  const [target, setTarget] = useState<PayTarget | null>(null);
  const [settlement, setSettlement] = useState<OrderSettlement | null>(null);
  const [rate, setRate] = useState<{ to: string; price: string } | null>(null);

  useEffect(() => {
    // StrictMode runs effects twice in development: the first request is aborted, its answer dropped.
    const controller = new AbortController();
    fetchToken(controller.signal).then(
      (value) => setToken({ state: 'ready', token: value.token, orderId: value.order_id }),
      (error: unknown) =>
        controller.signal.aborted || setToken({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => controller.abort();
  }, []);

  // Show your own "thank you" here, but fulfil the order from the proxy's callback on your server, never from this.
  const onPaid = useCallback((event: PaidEvent) => setPaid(event.detail), []);
  const onError = useCallback((event: TerminalErrorEvent) => console.info('checkout error', event.detail.code), []);

  return (
    <>
      <header className="shop-header">
        <a className="brand" href="/spa">
          Northwind Coffee Roasters
        </a>
        <span className="secure">Secure checkout · React</span>
      </header>
      <main className="checkout">
        <section className="order" aria-labelledby="order-title">
          <h1 id="order-title">Your order{token.state === 'ready' ? ` #${token.orderId}` : ''}</h1>
          <ul className="items">
            {ITEMS.map(([name, price]) => (
              <li key={name}>
                <span>{name}</span>
                <span>{price}</span>
              </li>
            ))}
          </ul>
          <p className="total">
            <span>Total</span>
            <span>€106.75</span>
          </p>
          {paid && (
            <div className="thanks" role="status">
              <h2>Thank you, your order is paid</h2>
              <p>We received {paidText(paid.settlement)}. Your coffee ships today.</p>
            </div>
          )}
        </section>

        <section className="payment" aria-labelledby="pay-title" data-status={status}>
          <h2 id="pay-title">Pay with crypto</h2>
          {token.state === 'loading' && <p className="muted">Preparing your checkout…</p>}
          {token.state === 'failed' && <p role="alert">The checkout could not start: {token.message}.</p>}
          {token.state === 'ready' && (
            <CoinsPaidTerminal
              proxy="/coinspaid"
              token={token.token}
              amount="106.75"
              amountCurrency="EUR"
              convertTo="EUR"
              onCoinspaidStatusChanged={(event) => {
                setStatus(event.detail.status);
                setSettlement(event.detail.payment?.settlement ?? null);
              }}
              onCoinspaidAddressReady={(event) =>
                setTarget({
                  address: event.detail.address.address,
                  tag: event.detail.address.tag,
                  currency: event.detail.address.currency,
                  amount: event.detail.amount,
                })
              }
              onCoinspaidRateUpdated={(event) => {
                setRate({ to: event.detail.quote.to, price: event.detail.quote.price });
                setTarget((current) =>
                  current && current.currency === event.detail.currency ? { ...current, amount: event.detail.amount } : current,
                );
              }}
              onCoinspaidPaid={onPaid}
              onCoinspaidError={onError}
            />
          )}
        </section>

        {target && !paid && <SandboxPanel target={target} settlement={settlement} rate={rate} />}
        {token.state === 'ready' && <ToldPanel orderId={token.orderId} status={status} />}
      </main>
      <footer className="shop-footer">
        Demo shop (React + Vite). Payments go to the offline CoinsPaid sandbox built into this package.
      </footer>
    </>
  );
}
