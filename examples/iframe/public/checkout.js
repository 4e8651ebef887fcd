// The shop page's script: frames the checkout and listens to its events, relayed as the element's own.
import { mountTerminalFrame } from '/assets/coinspaid-terminal-embed.min.js';

const slot = document.querySelector('#pay');
const result = document.querySelector('#result');
mountTerminalFrame(slot, { proxy: slot.dataset.proxy, token: slot.dataset.token, lang: document.documentElement.lang });

// Thank the customer once your server says the order is paid: it learns it from CoinsPaid, in onCallback.
slot.addEventListener('coinspaid-paid', async () => {
  for (let tries = 0; tries < 30; tries++) {
    const order = await (await fetch(`/orders/${slot.dataset.order}`)).json();
    if (order.status === 'paid') return void (result.textContent = `Thank you! Order ${order.id} is paid.`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
});
// The frame shows the customer what went wrong; the code is for you (a token mismatch, an origin not allowed…).
slot.addEventListener('coinspaid-error', ({ detail }) => console.warn('checkout error', detail.code, detail.errors));

// Sandbox only (remove it with the sandbox): play the customer paying the amount shown.
const pay = document.querySelector('#sandbox-pay');
let shown;
slot.addEventListener('coinspaid-address-ready', ({ detail }) => ((shown = detail), (pay.hidden = false)));
slot.addEventListener('coinspaid-rate-updated', ({ detail }) => shown && (shown.amount = detail.amount));
pay.addEventListener('click', () =>
  fetch('/sandbox/control/deposits', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
    body: JSON.stringify({ address: shown.address.address, tag: shown.address.tag, amount: shown.amount }),
  }),
);
