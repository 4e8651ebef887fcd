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

/** The latest rate the widget showed (what a remainder in the price's currency is converted at, as the widget does). */
/** @type {{ to: string, price: string } | null} */
let rate = null;

/** What the widget asks for once part has arrived, from the proxy's settlement it shows; null while nothing is missing. */
/** @type {string | null} */
let rest = null;

/** Shares of the amount shown that each button pays; the sandbox rounds them to the currency's precision. */
const FRACTION = { full: '1', partial: '0.9', over: '1.2', cancelled: '1' };

// Decimal strings as integers of their smallest unit (BigInt): no floating point near money, even in a demo.
/** @param {string} value */
const units = (value) => {
  const [whole = '0', fraction = ''] = value.split('.');
  return { n: BigInt(whole + fraction), d: fraction.length };
};
/** @param {bigint} n @param {number} d */
const fromUnits = (n, d) => {
  const digits = n.toString().padStart(d + 1, '0');
  return d ? `${digits.slice(0, -d)}.${digits.slice(-d)}` : digits;
};
/** One smallest unit (a satoshi, at the decimals the widget showed) less than `amount`. */
/** @param {string} amount */
const oneUnitShort = (amount) => {
  const { n, d } = units(amount);
  return fromUnits(n - 1n, d);
};
/** The crypto amount worth `fiat` at `price`, rounded up to `decimals`: what the widget asks for a remainder. */
/** @param {string} fiat @param {string} price @param {number} decimals */
const cryptoFor = (fiat, price, decimals) => {
  const f = units(fiat);
  const p = units(price);
  const num = f.n * 10n ** BigInt(decimals + p.d);
  const den = p.n * 10n ** BigInt(f.d);
  return fromUnits((num + den - 1n) / den, decimals);
};

function describe() {
  if (!payment) return;
  const asked = rest ? `the remaining ${rest}` : (payment.amount ?? 'an amount');
  target.textContent = `Paying ${asked} ${payment.currency} to ${payment.address}`;
  for (const button of buttons) button.disabled = button.dataset['pay'] === 'rest' ? !rest : false;
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
  rate = { to: detail.quote.to, price: detail.quote.price };
  describe();
});

document.addEventListener('coinspaid-status-changed', (event) => {
  // detail.payment.settlement: the proxy's settlement the widget shows (remaining in the price's currency).
  const settlement = /** @type {CustomEvent} */ (event).detail.payment?.settlement;
  rest = null;
  if (payment && settlement?.status === 'underpaid' && settlement.remaining && !settlement.remaining_below_minimum) {
    const decimals = units(payment.amount ?? settlement.remaining_to_send?.amount ?? '0').d;
    const { remaining } = settlement;
    if (remaining.currency === payment.currency) rest = remaining.amount;
    else if (rate && rate.to === remaining.currency && decimals) rest = cryptoFor(remaining.amount, rate.price, decimals);
    else rest = settlement.remaining_to_send?.amount ?? null;
  }
  describe();
});

for (const button of buttons) {
  button.addEventListener('click', async () => {
    if (!payment) return;
    const kind = /** @type {keyof typeof FRACTION | 'short1' | 'rest'} */ (button.dataset['pay']);
    const outcome = kind === 'cancelled' ? 'cancelled' : 'confirmed';
    /** @type {Record<string, string>} */
    let share;
    if (kind === 'rest' || kind === 'short1') {
      const amount = kind === 'rest' ? rest : payment.amount && oneUnitShort(payment.amount);
      if (!amount) return;
      share = { amount };
    } else {
      // expected_amount + fraction: the sandbox computes the share (short payments round down, over payments up).
      share = payment.amount ? { expected_amount: payment.amount, fraction: FRACTION[kind] } : { amount: '0.001' };
    }
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
    // One unit short is paid and confirmed (the invoice then closes short); "the rest" pays what CoinsPaid says is due.
    const body =
      action === 'expire'
        ? {}
        : action === 'short1' && invoice.amount
          ? { amount: oneUnitShort(invoice.amount), outcome: 'confirmed' }
          : action === 'rest'
            ? { remainder: true, outcome: 'confirmed' }
            : { outcome: action };
    log.textContent = action === 'expire' ? 'Letting the timer run out…' : 'Paying the invoice…';
    const response = await fetch(`/sandbox/control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
      body: JSON.stringify(body),
    });
    log.textContent = response.ok
      ? 'Done: watch the widget follow the invoice callbacks.'
      : `The sandbox refused: ${await response.text()}`;
  });
}
