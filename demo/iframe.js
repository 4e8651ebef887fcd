// @ts-check
// The iframe demo: the merchant page loads only the parent helper (coinspaid-terminal/embed, ~1 KB) and mounts the
// checkout from the proxy's /coinspaid/embed page. The element's events arrive here as the same coinspaid-* events,
// bubbling from the container, so demo/sandbox-panel.js works unchanged.
import { mountTerminalFrame } from '/assets/coinspaid-terminal-embed.min.js';

const slot = /** @type {HTMLElement} */ (document.querySelector('.terminal-frame'));
const status = /** @type {HTMLElement} */ (document.querySelector('.frame-status'));

mountTerminalFrame(slot, {
  proxy: slot.dataset['proxy'] ?? '/coinspaid',
  token: slot.dataset['token'] ?? '',
  amount: '106.75',
  amountCurrency: 'EUR',
  convertTo: 'EUR',
  // The iframe's "Back to shop" navigates this page (target _top): it must be absolute.
  urlBack: `${window.location.origin}/iframe?paid=1`,
  title: 'Pay with crypto',
});

// What a merchant page typically does with the events: here, a line under the frame.
slot.addEventListener('coinspaid-status-changed', (event) => {
  const detail = /** @type {CustomEvent<{ status: string }>} */ (event).detail;
  status.textContent = `Checkout status: ${detail.status.replace('_', ' ')}`;
});
slot.addEventListener('coinspaid-paid', () => {
  status.textContent = 'Paid. Thank you! Your order is on its way.';
});
