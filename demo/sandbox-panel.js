// @ts-check
// The demo's sandbox panel: "pays" the address the widget shows by asking the embedded sandbox's control API to
// send a deposit. Demo code only — a real checkout has no such panel.

const panel = /** @type {HTMLElement} */ (document.querySelector('.sandbox-panel'));
const target = /** @type {HTMLElement} */ (panel.querySelector('.target'));
const log = /** @type {HTMLElement} */ (panel.querySelector('.log'));
const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (panel.querySelectorAll('button[data-pay]'));
const invoiceButtons = /** @type {NodeListOf<HTMLButtonElement>} */ (panel.querySelectorAll('button[data-invoice]'));

/** The invoice page: the invoice the widget created (its id is what the sandbox's control API needs). */
/** @type {{ id: number, amount: string | null, currency: string | null } | null} */
let invoice = null;

/** @type {{ address: string, tag: string | null, currency: string, amount: string | null } | null} */
let payment = null;

/** Shares of the amount shown that each button pays; the sandbox rounds them to the currency's precision. */
const FRACTION = { full: '1', partial: '0.9', over: '1.2', cancelled: '1' };

function describe() {
  if (!payment) return;
  target.textContent = `Paying ${payment.amount ?? 'an amount'} ${payment.currency} to ${payment.address}`;
  for (const button of buttons) button.disabled = false;
}

document.addEventListener('coinspaid-address-ready', (event) => {
  // detail: { address: { address, currency, tag? }, uri, amount } (see src/element/events.ts)
  const detail = /** @type {CustomEvent} */ (event).detail;
  payment = {
    address: detail.address.address,
    tag: detail.address.tag ?? null,
    currency: detail.address.currency,
    amount: detail.amount ?? null,
  };
  panel.hidden = false;
  describe();
});

document.addEventListener('coinspaid-rate-updated', (event) => {
  // detail: { quote, amount, currency }: the crypto amount at the new rate.
  const detail = /** @type {CustomEvent} */ (event).detail;
  if (payment && detail.currency === payment.currency) payment.amount = detail.amount;
  describe();
});

for (const button of buttons) {
  button.addEventListener('click', async () => {
    if (!payment) return;
    const kind = /** @type {keyof typeof FRACTION} */ (button.dataset['pay']);
    const outcome = kind === 'cancelled' ? 'cancelled' : 'confirmed';
    // expected_amount + fraction: the sandbox computes the share (short payments round down, over payments up).
    const share = payment.amount ? { expected_amount: payment.amount, fraction: FRACTION[kind] } : { amount: '0.001' };
    log.textContent = 'Sending…';
    const response = await fetch('/sandbox/control/deposits', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
      body: JSON.stringify({ address: payment.address, ...(payment.tag ? { tag: payment.tag } : {}), ...share, outcome }),
    });
    if (!response.ok) {
      log.textContent = `The sandbox refused: ${await response.text()}`;
      return;
    }
    const { data } = /** @type {{ data: { amount: string } }} */ (await response.json());
    log.textContent = `Sent ${data.amount} ${payment.currency}: the sandbox reports it unconfirmed now and ${outcome} shortly.`;
  });
}

document.addEventListener('coinspaid-invoice-ready', (event) => {
  // detail: { invoice: { id, url, amount, currency, sender_currency, sender_amount, … } }
  const detail = /** @type {CustomEvent} */ (event).detail;
  invoice = { id: detail.invoice.id, amount: detail.invoice.sender_amount, currency: detail.invoice.sender_currency };
  panel.hidden = false;
  target.textContent = `Invoice ${invoice.id}: ${invoice.amount ?? 'the amount'} ${invoice.currency ?? ''} due`;
  for (const button of invoiceButtons) button.disabled = false;
});

for (const button of invoiceButtons) {
  button.addEventListener('click', async () => {
    if (!invoice) return;
    const action = button.dataset['invoice'];
    const path = action === 'expire' ? `invoices/${invoice.id}/expire` : `invoices/${invoice.id}/pay`;
    log.textContent = action === 'expire' ? 'Letting the timer run out…' : 'Paying the invoice…';
    const response = await fetch(`/sandbox/control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
      body: JSON.stringify(action === 'expire' ? {} : { outcome: action }),
    });
    log.textContent = response.ok
      ? 'Done: watch the widget follow the invoice callbacks.'
      : `The sandbox refused: ${await response.text()}`;
  });
}
