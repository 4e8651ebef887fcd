// Demo only, as demo/sandbox-panel.js on the script-tag page: "pays" the shown address by asking the embedded
// sandbox's control API for a deposit. A real checkout has no such panel.
import { useState } from 'react';
import type { OrderSettlement } from 'coinspaid-terminal/react';

export interface PayTarget {
  address: string;
  tag: string | null;
  currency: string;
  /** The crypto amount asked for at the current rate. */
  amount: string | null;
}

type Outcome = 'confirmed' | 'cancelled';

// Decimal strings as integers of their smallest unit (BigInt): no floating point near money, even in a demo.
const units = (value: string) => {
  const [whole = '0', fraction = ''] = value.split('.');
  return { n: BigInt(whole + fraction), d: fraction.length };
};
const fromUnits = (n: bigint, d: number) => {
  const digits = n.toString().padStart(d + 1, '0');
  return d ? `${digits.slice(0, -d)}.${digits.slice(-d)}` : digits;
};
/** One smallest unit (at the decimals the widget showed) less than `amount`. */
const oneUnitShort = (amount: string) => {
  const { n, d } = units(amount);
  return fromUnits(n - 1n, d);
};

/** What the widget asks for once part has arrived: the remainder at the widget's live rate, else the proxy's figure. */
function remainder(target: PayTarget, settlement: OrderSettlement | null, rate: { to: string; price: string } | null): string | null {
  const remaining = settlement?.status === 'underpaid' && !settlement.remaining_below_minimum ? settlement.remaining : null;
  if (!remaining) return null;
  if (remaining.currency === target.currency) return remaining.amount;
  const decimals = target.amount ? units(target.amount).d : 0;
  if (!rate || rate.to !== remaining.currency || !decimals) return settlement!.remaining_to_send?.amount ?? null;
  const f = units(remaining.amount);
  const p = units(rate.price);
  const num = f.n * 10n ** BigInt(decimals + p.d);
  const den = p.n * 10n ** BigInt(f.d);
  return fromUnits((num + den - 1n) / den, decimals);
}

export function SandboxPanel({
  target,
  settlement,
  rate,
}: {
  target: PayTarget;
  settlement: OrderSettlement | null;
  rate: { to: string; price: string } | null;
}) {
  const [log, setLog] = useState('');
  const [busy, setBusy] = useState(false);
  const amount = target.amount ?? '0.001';
  const rest = remainder(target, settlement, rate);

  async function pay(outcome: Outcome, value = amount) {
    setBusy(true);
    setLog(`Sending ${value} ${target.currency}…`);
    try {
      const response = await fetch('/sandbox/control/deposits', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
        body: JSON.stringify({ address: target.address, ...(target.tag ? { tag: target.tag } : {}), amount: value, outcome }),
      });
      setLog(
        response.ok
          ? `Sent ${value} ${target.currency}: unconfirmed now, ${outcome} shortly.`
          : `The sandbox refused: ${await response.text()}`,
      );
    } catch (error) {
      setLog(`The sandbox could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <aside className="sandbox-panel" aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">Sandbox: play the customer</h2>
      <p className="target">
        Paying {rest ? `the remaining ${rest}` : amount} {target.currency} to {target.address}
      </p>
      <div className="buttons">
        <button type="button" disabled={busy} onClick={() => void pay('confirmed')}>
          Pay in full
        </button>
        <button type="button" disabled={busy || !target.amount} onClick={() => void pay('confirmed', oneUnitShort(amount))}>
          Pay 1 unit short
        </button>
        <button type="button" disabled={busy || !rest} onClick={() => rest && void pay('confirmed', rest)}>
          Pay the rest
        </button>
        <button type="button" disabled={busy} onClick={() => void pay('cancelled')}>
          Double spend (cancelled)
        </button>
      </div>
      <p className="log" role="status">
        {log}
      </p>
    </aside>
  );
}
