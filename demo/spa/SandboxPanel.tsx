// Demo only, as demo/sandbox-panel.js on the script-tag page: "pays" the shown address by asking the embedded
// sandbox's control API for a deposit. A real checkout has no such panel.
import { useState } from 'react';

export interface PayTarget {
  address: string;
  tag: string | null;
  currency: string;
  /** The crypto amount asked for at the current rate. */
  amount: string | null;
}

type Outcome = 'confirmed' | 'cancelled';

export function SandboxPanel({ target }: { target: PayTarget }) {
  const [log, setLog] = useState('');
  const [busy, setBusy] = useState(false);
  const amount = target.amount ?? '0.001';

  async function pay(outcome: Outcome) {
    setBusy(true);
    setLog(`Sending ${amount} ${target.currency}…`);
    try {
      const response = await fetch('/sandbox/control/deposits', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
        body: JSON.stringify({ address: target.address, ...(target.tag ? { tag: target.tag } : {}), amount, outcome }),
      });
      setLog(
        response.ok
          ? `Sent ${amount} ${target.currency}: unconfirmed now, ${outcome} shortly.`
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
        Paying {amount} {target.currency} to {target.address}
      </p>
      <div className="buttons">
        <button type="button" disabled={busy} onClick={() => void pay('confirmed')}>
          Pay in full
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
