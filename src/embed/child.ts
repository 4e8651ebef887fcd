/**
 * The bridge inside the proxy's embed page (`/embed`): relays the element's `coinspaid-*` events and the page's
 * content height to the merchant page that framed it. Built on its own (dist/script/coinspaid-terminal-bridge.min.js)
 * and served by the proxy next to the element's script; it knows nothing of the element but its event names.
 *
 * The parent's origin comes from the page itself (`<meta name="coinspaid-parent-origin">`), which the proxy writes
 * only after checking the `parent` parameter against its allow-list. Messages go to exactly that origin, never `'*'`:
 * if the page is framed by anyone else (CSP frame-ancestors should already have refused), the browser drops them.
 */
import { isParentMessage, MAX_FRAME_HEIGHT, MESSAGE_SOURCE, TERMINAL_EVENTS, type ChildMessage } from './protocol.js';

const parentOrigin = document.querySelector<HTMLMetaElement>('meta[name="coinspaid-parent-origin"]')?.content ?? '';
const parentWindow = window.parent;

function post(message: ChildMessage): void {
  try {
    parentWindow.postMessage(message, parentOrigin);
  } catch {
    // A detail the structured clone refuses (a function, a DOM node): send its JSON form rather than nothing.
    parentWindow.postMessage(JSON.parse(JSON.stringify(message)) as ChildMessage, parentOrigin);
  }
}

let reported = -1;
function reportHeight(force = false): void {
  const height = Math.min(Math.ceil(document.documentElement.getBoundingClientRect().height), MAX_FRAME_HEIGHT);
  if (height === reported && !force) return;
  reported = height;
  post({ source: MESSAGE_SOURCE, type: 'resize', detail: { height } });
}

// Not framed (opened on its own) or no parent named: nothing to talk to.
if (parentOrigin && parentWindow !== window) {
  for (const type of TERMINAL_EVENTS) {
    // Capture on the document: the events are composed and bubble, and capture sees them even if a listener on the
    // way stops propagation.
    document.addEventListener(
      type,
      (event) => {
        // An invoice's redirect and a restart after expiry are for the merchant's page, which decides
        // (mountTerminalFrame navigates unless its page cancels): the frame itself never leaves the checkout.
        if (type === 'coinspaid-redirect' || type === 'coinspaid-restart') event.preventDefault();
        post({ source: MESSAGE_SOURCE, type, detail: (event as CustomEvent).detail } as ChildMessage);
      },
      true,
    );
  }
  // The root's height is its content's (the page sets no height on html/body), so a taller iframe does not feed back.
  new ResizeObserver(() => reportHeight()).observe(document.documentElement);
  window.addEventListener('message', (event) => {
    if (event.origin !== parentOrigin || event.source !== parentWindow || !isParentMessage(event.data)) return;
    reportHeight(true);
  });
}
