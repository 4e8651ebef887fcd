// @ts-check
// The Payment Terminal demo (/terminal): the element's display from ?display=link|iframe (a link each, so switching
// needs no script of the page's own beyond this), and, back from the terminal (the token's url_back names the order:
// ?back=<order_id>), what the shop's server was told about that order. It runs before the element's script, so the
// element starts with the display asked for. Demo code only.

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Settlements that may still change: the notice keeps asking while the order is one of these. */
const OPEN = new Set(['waiting', 'pending']);
const POLL_MS = 1000;

const params = new window.URLSearchParams(window.location.search);
const display = params.get('display') === 'iframe' ? 'iframe' : 'link';
document.querySelector('coinspaid-terminal')?.setAttribute('terminal-display', display);

for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll('.display-switch a[data-display]'))) {
  const query = new window.URLSearchParams({ display: link.dataset['display'] ?? 'link' });
  // The customer goes along, as in the demo's navigation: their next order uses the same address.
  const customer = params.get('customer');
  if (customer) query.set('customer', customer);
  link.href = `?${query}`;
  if (link.dataset['display'] === display) link.setAttribute('aria-current', 'page');
}

const back = params.get('back');
const notice = /** @type {HTMLElement | null} */ (document.querySelector('.back-notice'));
if (back && ORDER_ID.test(back) && notice) {
  notice.hidden = false;
  notice.textContent = `Back from the payment terminal (order #${back}).`;
  const told = async () => {
    try {
      const response = await fetch(`/demo/orders/${encodeURIComponent(back)}`, { cache: 'no-store' });
      const order = /** @type {{ settlement: { status: string } | null }} */ (await response.json());
      const status = order.settlement?.status ?? 'waiting';
      notice.textContent = order.settlement
        ? `Back from the payment terminal. The shop's server was told order #${back} is ${status}.`
        : `Back from the payment terminal. The shop's server has not been told about order #${back} yet.`;
      if (!OPEN.has(status)) return;
    } catch {
      // The demo server restarting: ask again.
    }
    window.setTimeout(() => void told(), POLL_MS);
  };
  void told();
}
