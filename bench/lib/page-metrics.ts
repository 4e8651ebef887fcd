/**
 * What the paint benchmark runs inside the page (as text: the page must get exactly this, not what a TypeScript
 * transform made of a function) and what it reads back: the element's marks, layout shifts, every resource.
 */

/**
 * Runs before any page script, in every frame: records layout shifts, and wraps customElements.define so the
 * element's first connectedCallback and the first frame after its QR path appears are timed. A string, not a
 * function: the page must get exactly this text, not what a TypeScript transform made of a function.
 */
export const INSTRUMENT = `(() => {
  const bench = (window.__bench = { connectedAt: null, qrSeenAt: null, qrAt: null, shifts: [], watching: false });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.shifts.push({ value: e.value, hadRecentInput: e.hadRecentInput, startTime: e.startTime });
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  if (!window.CustomElementRegistry) return;
  const registry = CustomElementRegistry.prototype;
  const define = registry.define;
  registry.define = function (name, ctor, options) {
    if (name === 'coinspaid-terminal' && ctor && ctor.prototype) {
      const original = ctor.prototype.connectedCallback;
      ctor.prototype.connectedCallback = function () {
        if (bench.connectedAt === null) {
          bench.connectedAt = performance.now();
          performance.mark('coinspaid:connected');
        }
        const result = original ? original.call(this) : undefined;
        const root = this.shadowRoot;
        if (!bench.watching && root) {
          bench.watching = true;
          const observer = new MutationObserver(() => check());
          const check = () => {
            if (bench.qrSeenAt !== null || !root.querySelector('[part="qr"] svg path')) return;
            bench.qrSeenAt = performance.now();
            observer.disconnect();
            requestAnimationFrame(() => {
              bench.qrAt = performance.now();
              performance.mark('coinspaid:qr-painted');
            });
          };
          observer.observe(root, { childList: true, subtree: true, attributes: true });
          check();
        }
        return result;
      };
    }
    return define.call(this, name, ctor, options);
  };
})();`;

/** What one load reports: the element's marks and every resource, in ms after navigation start. */
export interface LoadRecord {
  connectedAt: number | null;
  qrSeenAt: number | null;
  qrAt: number | null;
  resources: Array<{
    path: string;
    startTime: number;
    responseEnd: number;
    encodedBodySize: number;
    decodedBodySize: number;
    transferSize: number;
  }>;
}

export const COLLECT = `(() => ({
  connectedAt: window.__bench ? window.__bench.connectedAt : null,
  qrSeenAt: window.__bench ? window.__bench.qrSeenAt : null,
  qrAt: window.__bench ? window.__bench.qrAt : null,
  resources: performance.getEntriesByType('resource').map((r) => ({
    path: new URL(r.name).pathname,
    startTime: r.startTime,
    responseEnd: r.responseEnd,
    encodedBodySize: r.encodedBodySize,
    decodedBodySize: r.decodedBodySize,
    transferSize: r.transferSize,
  })),
}))()`;

export interface Shift {
  value: number;
  hadRecentInput: boolean;
  startTime: number;
}

/** CLS as the sum of shifts without recent input, and as the largest session window (1 s gap, 5 s cap). */
export function cls(shifts: Shift[]): { sum: number; window: number } {
  const counted = shifts.filter((s) => !s.hadRecentInput).sort((a, b) => a.startTime - b.startTime);
  let sum = 0;
  let best = 0;
  let current = 0;
  let windowStart = -Infinity;
  let previous = -Infinity;
  for (const s of counted) {
    sum += s.value;
    if (s.startTime - previous > 1000 || s.startTime - windowStart > 5000) {
      current = 0;
      windowStart = s.startTime;
    }
    current += s.value;
    previous = s.startTime;
    best = Math.max(best, current);
  }
  return { sum, window: best };
}
