/**
 * `npm run bench -- paint`: the element in Chromium (playwright-core, Debian's /usr/bin/chromium), measured from
 * outside, on the demo server that `npm start` runs (src/server/main.ts, sandbox mode, on a free port).
 *
 *  - Time to QR: a merchant page with a preset currency (`currency="BTC"`, the deposit checkout), served same-origin
 *    by a small front in this process (bench/lib/front.ts) with a token from the demo's token endpoint, loaded
 *    `--runs` times per condition: cold (a new browser context each load) and warm (one context, cache kept, after
 *    one priming load), each without throttling and with `--cpu-rate`× CPU and a slow-4G network (CDP
 *    Emulation.setCPUThrottlingRate, Network.emulateNetworkConditions). "Connected" is the element's first
 *    connectedCallback (customElements.define is wrapped before any script runs); "QR painted" is the first
 *    requestAnimationFrame after the QR's SVG path appeared in the element's shadow root.
 *  - Layout shift: CLS (layout-instability API, the sum of layout-shift values without recent input, and the largest
 *    session window) per demo page, until the page has been still for `--cls-quiet-ms`.
 *  - Script bytes on the demo's deposit page: the /assets/*.js requested before the currency chooser showed (first
 *    paint) and before the QR appeared after choosing BTC (address view; what loads after the QR, the follow kit, is
 *    listed apart), as sent (encodedBodySize: compressed by the server) and as run (decodedBodySize): a cross-check of
 *    `npm run size`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../scripts/check-chromium.mjs';
import { DEMO_CSP } from '../demo/server/pages.js';
import { startDemoServer, type DemoServer } from '../test/helpers/demo-server.js';
import { option } from './lib/cli.js';
import { cls, COLLECT, INSTRUMENT, type LoadRecord, type Shift } from './lib/page-metrics.js';
import { startFront, type Front } from './lib/front.js';
import { benchmark, type Section } from './lib/report.js';
import { ms, round, spread } from './lib/stats.js';

const DEMO_PAGES = ['/', '/invoice', '/futures', '/payout', '/iframe', '/spa', '/themes'];
const PRESET_PATH = '/bench/preset-btc';
const ENTRY = '/assets/coinspaid-terminal.min.js';

interface Throttle {
  cpuRate: number;
  latencyMs: number;
  downKbps: number;
  upKbps: number;
}

interface Condition {
  key: string;
  label: string;
  throttle: Throttle | null;
}

/** A fresh context (empty cache, no connections) with the instrumentation in every page and frame. */
interface Viewport {
  width: number;
  height: number;
}

async function newContext(browser: Browser, viewport: Viewport): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(INSTRUMENT);
  return context;
}

async function throttle(context: BrowserContext, page: Page, t: Throttle | null): Promise<void> {
  if (!t) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: t.cpuRate });
  await cdp.send('Network.enable');
  // As Lighthouse's DevTools throttling passes them: kilobits (of 1,024 bits) per second → bytes per second.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: t.latencyMs,
    downloadThroughput: Math.floor((t.downKbps * 1024) / 8),
    uploadThroughput: Math.floor((t.upKbps * 1024) / 8),
  });
}

/** One load of the preset page: navigation → the QR painted, then the record. */
async function load(context: BrowserContext, url: string, t: Throttle | null, timeoutMs: number): Promise<LoadRecord> {
  const page = await context.newPage();
  try {
    await throttle(context, page, t);
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (window as unknown as { __bench?: { qrAt: number | null } }).__bench?.qrAt != null, undefined, {
      timeout: timeoutMs,
      polling: 50,
    });
    return (await page.evaluate(COLLECT)) as LoadRecord;
  } finally {
    await page.close();
  }
}

const isScript = (path: string) => path.startsWith('/assets/') && path.endsWith('.js');

function sequence(records: LoadRecord[]) {
  const p50 = (values: Array<number | undefined>) =>
    spread(values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))).p50;
  const find = (r: LoadRecord, test: (path: string) => boolean) => r.resources.filter((x) => test(x.path));
  const first = (r: LoadRecord, test: (path: string) => boolean) => find(r, test)[0];
  return {
    entryEnd: p50(records.map((r) => first(r, (p) => p === ENTRY)?.responseEnd)),
    connected: p50(records.map((r) => r.connectedAt ?? undefined)),
    // The chunks the QR waited for: those asked for before it appeared (the follow kit comes after).
    chunksEnd: p50(
      records.map((r) =>
        Math.max(
          ...find(r, (p) => isScript(p) && p !== ENTRY)
            .filter((x) => x.startTime < (r.qrSeenAt ?? Infinity))
            .map((x) => x.responseEnd),
        ),
      ),
    ),
    configStart: p50(records.map((r) => first(r, (p) => p.endsWith('/coinspaid/config'))?.startTime)),
    configEnd: p50(records.map((r) => first(r, (p) => p.endsWith('/coinspaid/config'))?.responseEnd)),
    ratesStart: p50(records.map((r) => first(r, (p) => p.endsWith('/coinspaid/rates'))?.startTime)),
    ratesEnd: p50(records.map((r) => first(r, (p) => p.endsWith('/coinspaid/rates'))?.responseEnd)),
    addressStart: p50(records.map((r) => first(r, (p) => p.endsWith('/coinspaid/addresses'))?.startTime)),
    addressEnd: p50(records.map((r) => first(r, (p) => p.endsWith('/coinspaid/addresses'))?.responseEnd)),
    qr: p50(records.map((r) => r.qrAt ?? undefined)),
    scriptBytes: p50(records.map((r) => find(r, isScript).reduce((n, x) => n + x.encodedBodySize, 0))),
    // From the network: a warm load's cached chunks transfer nothing, its revalidated entry a 304's headers.
    scriptTransfer: p50(records.map((r) => find(r, isScript).reduce((n, x) => n + x.transferSize, 0))),
  };
}

async function timeToQr(browser: Browser, viewport: Viewport, url: string, condition: Condition, runs: number, timeoutMs: number) {
  const cold: LoadRecord[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, viewport);
    try {
      cold.push(await load(context, url, condition.throttle, timeoutMs));
    } finally {
      await context.close();
    }
  }
  const warm: LoadRecord[] = [];
  const context = await newContext(browser, viewport);
  try {
    await load(context, url, condition.throttle, timeoutMs); // primes the cache and the connections
    for (let i = 0; i < runs; i++) warm.push(await load(context, url, condition.throttle, timeoutMs));
  } finally {
    await context.close();
  }
  return { cold, warm };
}

async function layoutShift(
  browser: Browser,
  viewport: Viewport,
  baseUrl: string,
  path: string,
  runs: number,
  quietMs: number,
  timeoutMs: number,
) {
  const results: Array<{ sum: number; window: number; frames: number; status: number }> = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, viewport);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load', timeout: timeoutMs });
      const started = Date.now();
      // Settled: no shift (in any frame) for quietMs; at most 10 s.
      for (;;) {
        const lastShifts = await Promise.all(
          page
            .frames()
            .map((frame) =>
              frame
                .evaluate('window.__bench ? [performance.now(), ...window.__bench.shifts.map((s) => s.startTime)] : [performance.now()]')
                .catch(() => [0]),
            ),
        );
        const quiet = (lastShifts as number[][]).every((times) => times[0]! - Math.max(0, ...times.slice(1)) >= quietMs);
        if (quiet || Date.now() - started > 10_000) break;
        await page.waitForTimeout(100);
      }
      const main = cls((await page.evaluate('window.__bench ? window.__bench.shifts : []')) as Shift[]);
      const frames = await Promise.all(
        page
          .frames()
          .filter((f) => f !== page.mainFrame())
          .map(async (f) => cls((await f.evaluate('window.__bench ? window.__bench.shifts : []').catch(() => [])) as Shift[]).sum),
      );
      results.push({ ...main, frames: Math.max(0, ...frames), status: response?.status() ?? 0 });
    } finally {
      await context.close();
    }
  }
  return results;
}

/**
 * Script bytes on the demo's deposit page: those asked for before the currency chooser showed (first paint), before
 * the QR appeared once BTC was chosen (address view), and after it (what loads once the address is on screen).
 */
async function scriptBytes(browser: Browser, viewport: Viewport, url: string, timeoutMs: number) {
  const context = await newContext(browser, viewport);
  try {
    const page = await context.newPage();
    await page.goto(url, { timeout: timeoutMs });
    const choice = page.getByRole('button', { name: /Bitcoin \(BTC\)/ });
    await choice.waitFor({ timeout: timeoutMs });
    const chooserAt = (await page.evaluate('performance.now()')) as number;
    await choice.click();
    await page.locator('coinspaid-terminal [part="qr"] svg path').first().waitFor({ timeout: timeoutMs });
    // What loads once the address is painted has started and ended (the page is quiet for a second).
    await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined);
    const record = (await page.evaluate(COLLECT)) as LoadRecord;
    const scripts = record.resources.filter((x) => isScript(x.path));
    const total = (from: number, to: number) => {
      const some = scripts.filter((x) => x.startTime >= from && x.startTime < to);
      return {
        files: some.length,
        encodedBodySize: some.reduce((n, x) => n + x.encodedBodySize, 0),
        decodedBodySize: some.reduce((n, x) => n + x.decodedBodySize, 0),
        transferSize: some.reduce((n, x) => n + x.transferSize, 0),
        paths: some.map((x) => `${x.path.replace('/assets/', '')} ${x.encodedBodySize}`),
      };
    };
    const qrAt = record.qrSeenAt ?? Infinity;
    return { firstPaint: total(0, chooserAt), addressView: total(0, qrAt), afterQr: total(qrAt, Infinity) };
  } finally {
    await context.close();
  }
}

function build(): void {
  for (const script of ['build:script', 'build:spa']) {
    const result = spawnSync('npm', ['run', script], { stdio: ['ignore', 2, 2] });
    if (result.status !== 0) throw new Error(`npm run ${script} failed`);
  }
}

const kb = (bytes: number) => `${bytes.toLocaleString('en')} B (${(bytes / 1024).toFixed(1)} KiB)`;

export const paint = benchmark({
  name: 'paint',
  summary: 'time to QR in Chromium (preset BTC; warm/cold; with and without 4× CPU + slow 4G), CLS per demo page, script bytes',
  options: {
    runs: option(30, 'page loads per condition, cold and warm each'),
    throttled: option(true, 'also load with CPU and network throttling'),
    cpuRate: option(4, 'CPU slowdown of the throttled loads (Lighthouse mobile: 4)'),
    latencyMs: option(150, 'added latency per request of the throttled loads (Lighthouse mobileSlow4G rttMs: 150)'),
    downKbps: option(1638.4, 'download of the throttled loads (Lighthouse mobileSlow4G throughputKbps: 1.6 × 1024)'),
    upKbps: option(750, 'upload of the throttled loads (Lighthouse mobileSlow4G: 750)'),
    clsRuns: option(3, 'loads per demo page for CLS (each in a new context)'),
    clsQuietMs: option(1500, 'a page has settled after this long without a layout shift (at most 10 s)'),
    build: option(true, 'run npm run build:script and build:spa first, so the pages serve the current source'),
    viewports: option(
      '1350x940,412x823',
      'windows, WIDTHxHEIGHT, comma-separated (Lighthouse desktop 1350x940, mobile 412x823); CLS is measured in each, the rest in the first',
    ),
    timeoutMs: option(60_000, 'give up on one load after this long'),
  },
  run: async (values) => {
    const viewports = values.viewports.split(',').map((text) => {
      const size = /^\s*(\d+)x(\d+)\s*$/.exec(text);
      if (!size) throw new Error(`--viewports must be WIDTHxHEIGHT, comma-separated, not ${values.viewports}`);
      return { width: Number(size[1]), height: Number(size[2]) };
    });
    const viewport = viewports[0]!;
    if (values.build) build();
    if (!existsSync('dist/script/coinspaid-terminal.min.js')) throw new Error('dist/script is missing: run npm run build:script');
    let demo: DemoServer | undefined;
    let front: Front | undefined;
    let browser: Browser | undefined;
    try {
      demo = await startDemoServer();
      const demoUrl = demo.url;
      front = await startFront(demoUrl, {
        [PRESET_PATH]: async () => {
          const { token } = (await (await fetch(`${demoUrl}/demo/token`, { method: 'POST' })).json()) as { token: string };
          return {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DEMO_CSP, 'cache-control': 'no-store' },
            body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay in BTC</title><link rel="icon" href="data:,"><script type="module" src="${ENTRY}"></script></head>
<body><main><coinspaid-terminal proxy="/coinspaid" token="${token}" currency="BTC" amount="106.75" amount-currency="EUR" convert-to="EUR"></coinspaid-terminal></main></body></html>`,
          };
        },
      });
      browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] });
      const b = browser;

      const conditions: Condition[] = [{ key: 'unthrottled', label: 'no throttling', throttle: null }];
      if (values.throttled)
        conditions.push({
          key: 'throttled',
          label: `${values.cpuRate}× CPU, slow 4G (${values.latencyMs} ms, ${values.downKbps} / ${values.upKbps} kbps)`,
          throttle: { cpuRate: values.cpuRate, latencyMs: values.latencyMs, downKbps: values.downKbps, upKbps: values.upKbps },
        });

      const sections: Section[] = [];
      const presetUrl = `${front.url}${PRESET_PATH}`;
      for (const condition of conditions) {
        const { cold, warm } = await timeToQr(b, viewport, presetUrl, condition, values.runs, values.timeoutMs);
        const rows: Array<[string, string]> = [];
        const figures: Record<string, unknown> = {};
        for (const [cache, records] of [
          ['cold', cold],
          ['warm', warm],
        ] as const) {
          const connected = spread(records.map((r) => r.qrAt! - r.connectedAt!));
          const navigation = spread(records.map((r) => r.qrAt!));
          const seq = sequence(records);
          rows.push(
            [`${cache}: element connected → QR painted p50 / p95`, `${ms(connected.p50)} / ${ms(connected.p95)}`],
            [`${cache}: navigation → QR painted p50 / p95`, `${ms(navigation.p50)} / ${ms(navigation.p95)}`],
            [
              `${cache}: p50 ms after navigation — entry script done · connected · chunks done · /config · /rates · /addresses · QR`,
              `${seq.entryEnd.toFixed(0)} · ${seq.connected.toFixed(0)} · ${seq.chunksEnd.toFixed(0)} · ` +
                `${seq.configStart.toFixed(0)}–${seq.configEnd.toFixed(0)} · ${seq.ratesStart.toFixed(0)}–${seq.ratesEnd.toFixed(0)} · ` +
                `${seq.addressStart.toFixed(0)}–${seq.addressEnd.toFixed(0)} · ${seq.qr.toFixed(0)}`,
            ],
            [`${cache}: script bytes per load p50 (encoded body · transferred)`, `${kb(seq.scriptBytes)} · ${kb(seq.scriptTransfer)}`],
          );
          figures[cache] = {
            connectedToQrMs: { p50: round(connected.p50), p95: round(connected.p95), max: round(connected.max), n: connected.n },
            navigationToQrMs: { p50: round(navigation.p50), p95: round(navigation.p95), max: round(navigation.max), n: navigation.n },
            sequenceP50Ms: Object.fromEntries(Object.entries(seq).map(([k, v]) => [k, round(v)])),
          };
        }
        sections.push({
          key: condition.key,
          title: `time to QR, preset BTC, ${condition.label}, ${viewport.width}x${viewport.height} window: ${values.runs} loads cold (new context each) and ${values.runs} warm (cache kept)`,
          rows,
          figures: { ...figures, throttle: condition.throttle },
        });
      }

      for (const [i, clsViewport] of viewports.entries()) {
        const size = `${clsViewport.width}x${clsViewport.height}`;
        const shifts: Section = {
          key: i === 0 ? 'cls' : `cls${size}`,
          title: `layout shift per demo page, ${size} window (${values.clsRuns} cold loads each)`,
          rows: [],
          figures: { viewport: size },
        };
        for (const path of DEMO_PAGES) {
          const results = await layoutShift(b, clsViewport, demoUrl, path, values.clsRuns, values.clsQuietMs, values.timeoutMs);
          const sums = spread(results.map((r) => r.sum));
          const windows = spread(results.map((r) => r.window));
          const frames = spread(results.map((r) => r.frames));
          const status = results[0]?.status ?? 0;
          shifts.rows.push([
            `CLS ${path}: sum of shifts p50 (max) · largest session window p50${path === '/iframe' ? ' · inside the frame' : ''}`,
            status >= 400
              ? `page answered ${status}${path === '/spa' ? ' (run npm run build:spa)' : ''}`
              : `${sums.p50.toFixed(3)} (${sums.max.toFixed(3)}) · ${windows.p50.toFixed(3)}${path === '/iframe' ? ` · ${frames.p50.toFixed(3)}` : ''}`,
          ]);
          shifts.figures[path] = {
            sum: round(sums.p50, 4),
            sumMax: round(sums.max, 4),
            window: round(windows.p50, 4),
            frame: round(frames.p50, 4),
            status,
          };
        }
        sections.push(shifts);
      }

      const bytes = await scriptBytes(b, viewport, `${front.url}/`, values.timeoutMs);
      sections.push({
        key: 'bytes',
        title: 'script bytes on the demo deposit page (/), cold: /assets/*.js as sent (encodedBodySize) and as run (decodedBodySize)',
        rows: [
          [
            `first paint (asked for before the currency chooser showed): ${bytes.firstPaint.files} files, sent · run`,
            `${kb(bytes.firstPaint.encodedBodySize)} · ${kb(bytes.firstPaint.decodedBodySize)}`,
          ],
          [
            `address view (asked for before the QR appeared, BTC chosen): ${bytes.addressView.files} files, sent · run`,
            `${kb(bytes.addressView.encodedBodySize)} · ${kb(bytes.addressView.decodedBodySize)}`,
          ],
          ['address view: transferred (headers included)', kb(bytes.addressView.transferSize)],
          ['address view files (bytes sent)', bytes.addressView.paths.join(', ')],
          [
            `after the QR (the follow kit): ${bytes.afterQr.files} files, sent · run`,
            `${kb(bytes.afterQr.encodedBodySize)} · ${kb(bytes.afterQr.decodedBodySize)} (${bytes.afterQr.paths.join(', ')})`,
          ],
        ],
        figures: bytes,
      });
      return sections;
    } finally {
      await browser?.close();
      await front?.close();
      demo?.stop();
    }
  },
});
