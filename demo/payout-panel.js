// @ts-check
// The payout demo: shows what the merchant's page receives from `coinspaid-payout-address` and would send to its
// own backend to store. Demo code only.

const panel = /** @type {HTMLElement} */ (document.querySelector('.saved'));
const result = /** @type {HTMLElement} */ (panel.querySelector('.result'));

document.addEventListener('coinspaid-payout-address', (event) => {
  // detail: { currency, network, address, tag? } — validated in the browser; the shop's backend stores it.
  const detail = /** @type {CustomEvent} */ (event).detail;
  const rows = [
    ['Currency', detail.currency],
    ['Network', detail.network],
    ['Address', detail.address],
    ...(detail.tag ? [['Tag / memo', detail.tag]] : []),
  ];
  result.replaceChildren(
    ...rows.flatMap(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
  panel.hidden = false;
});
