import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { mountTerminalFrame, TERMINAL_EVENTS, type TerminalFrame, type TerminalFrameOptions } from '../../src/embed/parent.js';
import { MESSAGE_SOURCE } from '../../src/embed/protocol.js';
import { control, describeStack, mintToken, proxyUrl, stackUrl, type TokenClaims } from './helpers/stack.js';

/**
 * The iframe embed end to end: this page (http://localhost:WTR_PORT) frames the proxy's /embed page from the stack
 * (http://127.0.0.1:<port>, another site, so a real cross-origin frame), through the parent helper.
 */

const mounted: TerminalFrame[] = [];
afterEach(() => mounted.splice(0).forEach((frame) => frame.destroy()));

async function mount(options: Partial<TerminalFrameOptions> = {}, claims: TokenClaims = { currencies: ['BTC'] }) {
  const container = await fixture<HTMLDivElement>(html`<div class="merchant-slot"></div>`);
  container.style.width = '480px';
  const frame = mountTerminalFrame(container, { proxy: proxyUrl, token: await mintToken(claims), currency: 'BTC', ...options });
  mounted.push(frame);
  return { container, frame };
}

/** Every `coinspaid-*` event `target` sees until the test ends. */
function record(target: EventTarget): Array<CustomEvent> {
  const seen: CustomEvent[] = [];
  const listener = (event: Event) => seen.push(event as CustomEvent);
  for (const type of TERMINAL_EVENTS) target.addEventListener(type, listener);
  cleanups.push(() => TERMINAL_EVENTS.forEach((type) => target.removeEventListener(type, listener)));
  return seen;
}
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/**
 * Resolves once a message posted now to this window from `source` has been dispatched: messages from one window arrive
 * in order, so everything that window posted before is handled by then.
 */
function drained(): Promise<void> {
  const marker = `drained-${Math.random()}`;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.data === marker) {
        window.removeEventListener('message', onMessage);
        resolve();
      }
    };
    window.addEventListener('message', onMessage);
    window.postMessage(marker, location.origin);
  });
}

describeStack('iframe embed: mountTerminalFrame and the proxy page', function () {
  this.timeout(15_000);

  it('frames <proxy>/embed with the attributes, this page as parent, a minimal sandbox and clipboard access', async () => {
    const { frame } = await mount(
      { amount: '106.75', amountCurrency: 'EUR', convertTo: 'EUR', theme: 'dark', lang: 'de' },
      { currencies: ['BTC'], convert_to: 'EUR', amount: '106.75', amount_currency: 'EUR' },
    );
    const { iframe } = frame;
    const src = new URL(iframe.src);
    expect(`${src.origin}${src.pathname}`).to.equal(`${stackUrl}/coinspaid/embed`);
    expect(Object.fromEntries([...src.searchParams].filter(([name]) => name !== 'token'))).to.deep.equal({
      currency: 'BTC',
      'convert-to': 'EUR',
      amount: '106.75',
      'amount-currency': 'EUR',
      theme: 'dark',
      lang: 'de',
      parent: location.origin,
    });
    expect(iframe.getAttribute('allow')).to.equal('clipboard-write');
    expect(iframe.getAttribute('sandbox')!.split(' ').sort()).to.deep.equal([
      'allow-popups',
      'allow-popups-to-escape-sandbox',
      'allow-same-origin',
      'allow-scripts',
      'allow-top-navigation-by-user-activation',
    ]);
    expect(iframe.title).to.equal('Crypto checkout');
  });

  it('adds allow-forms to the sandbox in payout-address mode only (a sandbox blocks form submission)', async () => {
    const { frame } = await mount({ mode: 'payout-address' }, {});
    expect(frame.iframe.getAttribute('sandbox')!.split(' ')).to.include('allow-forms');
    const { frame: address } = await mount();
    expect(address.iframe.getAttribute('sandbox')!.split(' ')).to.not.include('allow-forms');
  });

  it('brings the element’s events to the page as bubbling coinspaid-* events, through a payment to "paid"', async () => {
    const viaCallback: string[] = [];
    const { container } = await mount({ onEvent: (event) => viaCallback.push(event.type) });
    const onDocument = record(document);
    const ready = await oneEvent(container, 'coinspaid-address-ready');
    expect(ready.detail.address.address).to.match(/^bc1q[02-9ac-hj-np-z]{38}$/);
    expect(ready.detail.uri).to.equal(`bitcoin:${ready.detail.address.address}`);
    expect(ready.bubbles && ready.composed).to.equal(true);
    expect(ready.target).to.equal(container);

    await control('deposits', { address: ready.detail.address.address, amount: '0.5', outcome: 'confirmed', txid: 'tx-embed' });
    const paid = await oneEvent(container, 'coinspaid-paid');
    expect(paid.detail.payment.status).to.equal('confirmed');
    expect(paid.detail.payment.txid).to.equal('tx-embed');
    const statuses = onDocument.filter((e) => e.type === 'coinspaid-status-changed').map((e) => (e.detail as { status: string }).status);
    expect(statuses).to.include.members(['waiting', 'not_confirmed', 'confirmed']);
    expect(viaCallback).to.include.members(['coinspaid-address-ready', 'coinspaid-status-changed', 'coinspaid-paid']);
    expect(onDocument.map((e) => e.type)).to.deep.equal(viaCallback);
  });

  it('invoice with redirect: the page decides — a cancelable coinspaid-redirect arrives, and the frame never navigates', async () => {
    const invoice = {
      title: 'Order 7',
      timer: true,
      sender_currency: 'BTC',
      url_success: 'https://shop.example/paid',
      url_failed: 'https://shop.example/failed',
      email_user: 'a@shop.example',
    };
    const claims = { amount: '20', amount_currency: 'EUR', invoice } as unknown as TokenClaims;
    const { container, frame } = await mount({ mode: 'invoice', redirect: true, currency: undefined }, claims);
    expect(new URL(frame.iframe.src).searchParams.get('redirect')).to.equal('1');
    const ready = await oneEvent(container, 'coinspaid-invoice-ready');
    let loads = 0;
    frame.iframe.addEventListener('load', () => loads++); // a navigation of the frame would load a new document
    const redirected = new Promise<CustomEvent<{ url: string; outcome: string }>>((resolve) =>
      container.addEventListener('coinspaid-redirect', (event) => {
        event.preventDefault(); // keep the test page
        resolve(event as CustomEvent<{ url: string; outcome: string }>);
      }),
    );
    await control(`invoices/${ready.detail.invoice.id}/pay`, { outcome: 'confirmed' });
    const event = await redirected;
    expect({ url: event.detail.url, outcome: event.detail.outcome, cancelable: event.cancelable }).to.deep.equal({
      url: 'https://shop.example/paid',
      outcome: 'success',
      cancelable: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(loads).to.equal(0);
  });

  it('resolves a relative urlBack against the merchant page before the frame gets it (the frame is another page)', async () => {
    const back = new URL('/shop/back?order=7', location.href).href;
    const { container, frame } = await mount({ urlBack: '/shop/back?order=7' }, { currencies: ['BTC'], url_back: back });
    expect(new URL(frame.iframe.src).searchParams.get('url-back')).to.equal(back);
    // The proxy accepts it (it repeats the token's): the checkout loads.
    await oneEvent(container, 'coinspaid-address-ready');
  });

  it('tells the page when the token has expired: the frame shows the error and coinspaid-error arrives', async () => {
    const container = await fixture<HTMLDivElement>(html`<div class="merchant-slot"></div>`);
    const frame = mountTerminalFrame(container, { proxy: proxyUrl, token: await mintToken({ currencies: ['BTC'] }, -60), currency: 'BTC' });
    mounted.push(frame);
    const error = await oneEvent(container, 'coinspaid-error');
    expect({ code: error.detail.code, retryable: error.detail.retryable }).to.deep.equal({ code: 'token_expired', retryable: false });
  });

  it('ignores messages from this page, from another frame of the same proxy, and from its own window on another origin', async () => {
    const a = await mount();
    const b = await mount();
    const seenByA = record(a.container);
    const [readyA, readyB] = await Promise.all([
      oneEvent(a.container, 'coinspaid-address-ready'),
      oneEvent(b.container, 'coinspaid-address-ready'),
    ]);
    // B's events passed A's listener too (both listen on window): none landed on A's container.
    expect(readyB.detail.address.address).to.not.equal(readyA.detail.address.address);
    expect(
      seenByA.filter((e) => e.type === 'coinspaid-address-ready').map((e) => (e.detail as typeof readyA.detail).address.address),
    ).to.deep.equal([readyA.detail.address.address]);

    // A well-formed message from this page's own window: right shape, wrong window and origin.
    const forged = { source: MESSAGE_SOURCE, type: 'coinspaid-paid', detail: { payment: { status: 'confirmed' } } };
    window.postMessage(forged, '*');
    window.postMessage({ source: MESSAGE_SOURCE, type: 'resize', detail: { height: 5 } }, '*');
    await drained();

    // A's own window, navigated to a document of another origin (opaque: data:), sending the same message.
    // This listener comes after the helper's: when it sees the last message, the helper has seen both.
    const fromOtherOrigin = new Promise<MessageEvent>((resolve) => {
      const onMessage = (event: MessageEvent) => {
        if (event.source === a.frame.iframe.contentWindow && event.origin === 'null' && event.data?.type === 'resize') {
          window.removeEventListener('message', onMessage);
          resolve(event);
        }
      };
      window.addEventListener('message', onMessage);
    });
    a.frame.iframe.src = `data:text/html,<script>parent.postMessage(${JSON.stringify(forged)}, '*'); parent.postMessage(${JSON.stringify({ source: MESSAGE_SOURCE, type: 'resize', detail: { height: 7 } })}, '*')</script>`;
    await fromOtherOrigin;

    expect(seenByA.filter((e) => e.type === 'coinspaid-paid')).to.have.length(0);
    // Genuine reports may still have been in flight; the forged heights (5 and 7) were never taken.
    expect(a.frame.iframe.style.height).to.not.be.oneOf(['5px', '7px']);
  });

  it('copies to the clipboard from inside the frame (allow="clipboard-write"; without it the write is refused)', async () => {
    const { container, frame } = await mount();
    const ready = await oneEvent(container, 'coinspaid-address-ready');
    // Real key presses into the cross-origin frame: the first stop is the QR, which copies the payment link.
    frame.iframe.focus();
    const copied = oneEvent(container, 'coinspaid-copy');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    // The element reports a copy only after navigator.clipboard.writeText resolved.
    expect((await copied).detail).to.deep.equal({ what: 'uri', value: ready.detail.uri });
  });

  it('follows the height of its content', async () => {
    const heights: number[] = [];
    const { container, frame } = await mount({ onResize: (height) => heights.push(height) });
    await oneEvent(container, 'coinspaid-address-ready');
    // The address view with its QR is far taller than the loading state.
    await waitUntil(() => (heights.at(-1) ?? 0) > 300, `heights reported: ${heights.join(', ')}`, { timeout: 5000 });
    const last = heights.at(-1)!;
    expect(frame.iframe.getBoundingClientRect().height).to.equal(last);
    expect(heights[0]).to.be.lessThan(last);

    // Narrower: the address and the amount wrap, the content grows, the frame follows.
    const reports = heights.length;
    container.style.width = '220px';
    await waitUntil(() => heights.length > reports && heights.at(-1)! > last, `heights reported: ${heights.join(', ')}`, { timeout: 5000 });
    expect(frame.iframe.getBoundingClientRect().height).to.equal(heights.at(-1));
  });

  it('destroy() removes the frame and its message listener', async () => {
    const added = sinon.spy(window, 'addEventListener');
    const removed = sinon.spy(window, 'removeEventListener');
    try {
      const { container, frame } = await mount();
      const listener = added.args.find(([type]) => type === 'message')?.[1];
      expect(listener).to.be.a('function');
      await oneEvent(container, 'coinspaid-address-ready');
      frame.destroy();
      expect(removed.calledWith('message', listener)).to.equal(true);
      expect(container.querySelector('iframe')).to.equal(null);
      expect(() => frame.destroy()).not.to.throw();
    } finally {
      added.restore();
      removed.restore();
    }
  });

  it('refuses a proxy URL that is not http(s)', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    expect(() => mountTerminalFrame(container, { proxy: 'javascript:alert(1)//', token: 't' })).to.throw(TypeError);
    expect(container.childElementCount).to.equal(0);
  });
});

describe('iframe embed: the child bridge', () => {
  /** A same-origin frame running src/embed/child.ts with this page named as its parent origin. */
  async function bridgeFrame(parentOrigin = location.origin): Promise<HTMLIFrameElement> {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const iframe = document.createElement('iframe');
    iframe.name = `bridge-${Math.random().toString(36).slice(2)}`;
    iframe.srcdoc = `<!doctype html><meta name="coinspaid-parent-origin" content="${parentOrigin}"><body style="margin:0"><p style="height:123px;margin:0">x</p><script type="module" src="/src/embed/child.ts"></script>`;
    container.append(iframe);
    await oneEvent(iframe, 'load');
    return iframe;
  }

  /** What the bridge in `iframe` posted to this page. */
  function messagesFrom(iframe: HTMLIFrameElement): Array<{ type: string; detail: unknown; origin: string }> {
    const seen: Array<{ type: string; detail: unknown; origin: string }> = [];
    const onMessage = (event: MessageEvent) => {
      if (event.source === iframe.contentWindow && event.data?.source === MESSAGE_SOURCE)
        seen.push({ type: event.data.type, detail: event.data.detail, origin: event.origin });
    };
    window.addEventListener('message', onMessage);
    cleanups.push(() => window.removeEventListener('message', onMessage));
    return seen;
  }

  it('relays every coinspaid-* event, and its content height, to the parent origin', async () => {
    const iframe = await bridgeFrame();
    const seen = messagesFrom(iframe);
    const doc = iframe.contentDocument!;
    for (const type of TERMINAL_EVENTS)
      doc.body.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { type, n: 1 } }));
    doc.body.dispatchEvent(new CustomEvent('copy', { bubbles: true, detail: {} })); // not ours
    doc.body.dispatchEvent(new CustomEvent('coinspaid-unknown', { bubbles: true, detail: {} })); // not in the event map
    // A detail the structured clone refuses still arrives, as its JSON.
    doc.body.dispatchEvent(new CustomEvent('coinspaid-copy', { bubbles: true, detail: { what: 'address', value: 'x', fn: () => 1 } }));
    await waitUntil(
      () => seen.filter((m) => m.type !== 'resize').length === TERMINAL_EVENTS.length + 1,
      `got ${seen.map((m) => m.type).join(', ')}`,
      { timeout: 3000 },
    );
    const relayed = seen.filter((m) => m.type !== 'resize');
    expect(relayed.map((m) => m.type)).to.deep.equal([...TERMINAL_EVENTS, 'coinspaid-copy']);
    expect(relayed[0]!.detail).to.deep.equal({ type: TERMINAL_EVENTS[0], n: 1 });
    expect(relayed.at(-1)!.detail).to.deep.equal({ what: 'address', value: 'x' });
    expect(seen.every((m) => m.origin === location.origin)).to.equal(true);

    iframe.contentWindow!.postMessage({ source: MESSAGE_SOURCE, type: 'measure' }, location.origin);
    await waitUntil(() => seen.some((m) => m.type === 'resize'), 'a height', { timeout: 3000 });
    expect(seen.find((m) => m.type === 'resize')!.detail).to.deep.equal({ height: 123 });
  });

  it('answers "measure" from its parent, not from another window of the same origin', async () => {
    const iframe = await bridgeFrame();
    const seen = messagesFrom(iframe);
    // Messages the bridge's window receives, seen after the bridge's own listener (added later, runs later).
    const received: Array<MessageEventSource | null> = [];
    iframe.contentWindow!.addEventListener('message', (event) => received.push(event.source));

    const measure = JSON.stringify({ source: MESSAGE_SOURCE, type: 'measure' });
    // The parent asks first: after the answer, the bridge posts nothing more unless asked or resized.
    iframe.contentWindow!.postMessage(JSON.parse(measure), location.origin);
    await waitUntil(() => seen.some((m) => m.type === 'resize'), 'an answer to the parent', { timeout: 3000 });
    const before = seen.length;

    const sibling = document.createElement('iframe');
    sibling.srcdoc = `<script>parent.frames[${JSON.stringify(iframe.name)}].postMessage(${measure}, '*')</script>`;
    iframe.after(sibling);
    await waitUntil(() => received.length === 2, 'the sibling’s message', { timeout: 3000 });
    expect(received[1]).to.equal(sibling.contentWindow);
    // Anything the bridge posted in answer would arrive before this event, posted after it from the same window.
    iframe.contentDocument!.body.dispatchEvent(new CustomEvent('coinspaid-expired', { bubbles: true, detail: { expiredAt: 1 } }));
    await waitUntil(() => seen.some((m) => m.type === 'coinspaid-expired'), 'the marker event', { timeout: 3000 });
    expect(seen.slice(before).map((m) => m.type)).to.deep.equal(['coinspaid-expired']);

    // The parent asks: answered, even though the height did not change.
    iframe.contentWindow!.postMessage(JSON.parse(measure), location.origin);
    await waitUntil(() => seen.at(-1)?.type === 'resize', 'an answer to the parent', { timeout: 3000 });
    expect(seen.at(-1)!.detail).to.deep.equal({ height: 123 });
  });

  it('sends nothing to a parent whose origin is not the one it was given', async () => {
    const iframe = await bridgeFrame('https://shop.example');
    const seen = messagesFrom(iframe);
    iframe.contentDocument!.body.dispatchEvent(new CustomEvent('coinspaid-paid', { bubbles: true, detail: { payment: {} } }));
    iframe.contentWindow!.postMessage({ source: MESSAGE_SOURCE, type: 'measure' }, location.origin);
    await drained();
    expect(seen).to.have.length(0);
  });
});
