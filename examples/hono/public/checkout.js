// The checkout page's script (a file, so `script-src 'self'` allows it).
const terminal = document.querySelector('coinspaid-terminal');
const result = document.querySelector('#result');

// Thank the customer once your server says the order is paid: it learns it from CoinsPaid, in onCallback.
terminal.addEventListener('coinspaid-paid', async () => {
  for (let tries = 0; tries < 30; tries++) {
    const order = await (await fetch(`/orders/${terminal.dataset.order}`)).json();
    if (order.status === 'paid') return void (result.textContent = `Thank you! Order ${order.id} is paid.`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
});

// Sandbox only (remove it with the sandbox): play the customer paying the amount shown.
const pay = document.querySelector('#sandbox-pay');
let shown;
terminal.addEventListener('coinspaid-address-ready', ({ detail }) => ((shown = detail), (pay.hidden = false)));
terminal.addEventListener('coinspaid-rate-updated', ({ detail }) => shown && (shown.amount = detail.amount));
pay.addEventListener('click', () =>
  fetch('/sandbox/control/deposits', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
    body: JSON.stringify({ address: shown.address.address, tag: shown.address.tag, amount: shown.amount }),
  }),
);
