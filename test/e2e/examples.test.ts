/**
 * The runnable examples (examples/) as a merchant runs them: the package packed by `npm pack` and installed from the
 * tarball with each example's own dependencies (one npm workspace install in a temporary directory, from the npm
 * registry), each server started with `node server.js` (and Vite's dev server for the SPAs, its proxy settings in
 * use), then driven in Chromium through a sandbox payment until the page says the order is paid, which it learns from
 * the shop's server, whose onCallback fulfilled it on the settlement. `npm test` builds dist/ first.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/check-chromium.mjs';
import { collectProblems } from '../helpers/demo-server.js';

const run = promisify(execFile);
const EXAMPLES = ['express', 'hono', 'vite-react', 'vue', 'iframe'];
const PAID = /Thank you! Order (\d+) is paid\./;

let dir: string;
let browser: Browser;
const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `node <args>` in an example's folder and resolves once `ready` answers; its output is kept for failures. */
async function start(example: string, args: string[], env: Record<string, string>, ready: string): Promise<() => string> {
  const child = spawn(process.execPath, args, {
    cwd: join(dir, example),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`${example}: ${args.join(' ')} exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(ready);
      return () => output;
    } catch {
      if (Date.now() > deadline) assert.fail(`${example}: ${ready} never answered:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // polling a starting server, not waiting for time
    }
  }
}

/** A backend on a free port (PORT), answering at `/`-relative `ready`. */
async function backend(example: string, ready = '/orders/0', env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  await start(example, ['server.js'], { PORT: String(port), ...env }, `http://127.0.0.1:${port}${ready}`);
  return `http://localhost:${port}`;
}

/** A backend and Vite's dev server in front of it, as `npm run server` and `npm run dev` start them. */
async function withVite(example: string): Promise<{ app: string; api: string }> {
  const vitePort = await freePort();
  const app = `http://127.0.0.1:${vitePort}`;
  const api = await backend(example, '/api/orders/0', { APP_ORIGIN: app });
  const vite = join(dir, 'node_modules', 'vite', 'bin', 'vite.js');
  await start(example, [vite, '--host', '127.0.0.1'], { PORT: new URL(api).port, VITE_PORT: String(vitePort) }, `${app}/`);
  return { app, api };
}

/**
 * What a page should never show. The browser's own favicon request is not the page's doing; its console line about a
 * failed load repeats a failed answer, which is listed with its URL.
 */
function problemsOf(page: Page): () => string[] {
  const problems = collectProblems(page);
  return () =>
    problems.filter((problem) => !problem.endsWith('/favicon.ico') && !problem.startsWith('Failed to load resource: the server responded'));
}

/**
 * The customer's part: picks Bitcoin, waits for the address, presses the example's sandbox button (which pays the
 * amount shown through the control API), and reads the order id from the thank-you the page shows once the server
 * says the order is paid.
 */
async function payThrough(page: Page, checkout: Page | FrameLocator): Promise<string> {
  await checkout.getByRole('button', { name: /Bitcoin \(BTC\)/ }).click();
  await checkout.locator('coinspaid-terminal [part="address"]').waitFor();
  await page.getByRole('button', { name: 'Sandbox: pay this' }).click();
  const thanks = page.getByText(PAID);
  await thanks.waitFor({ timeout: 30_000 });
  return PAID.exec((await thanks.textContent()) ?? '')![1]!;
}

async function serverSays(url: string): Promise<string> {
  return ((await (await fetch(url)).json()) as { status: string }).status;
}

describe('the examples, installed from the packed package', () => {
  before(async () => {
    assert.ok(
      existsSync('dist/server/index.js') && existsSync('dist/script/coinspaid-terminal.min.js'),
      'dist/ is missing: run `npm run build`',
    );
    dir = await mkdtemp(join(tmpdir(), 'coinspaid-examples-'));
    // --ignore-scripts: prepack would build again; npm test has just built.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { maxBuffer: 16 * 1024 * 1024 });
    const tarball = join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
    await cp('examples', dir, { recursive: true, filter: (source) => !/(^|\/)(node_modules|dist|package-lock\.json)$/.test(source) });
    for (const example of EXAMPLES) {
      const file = join(dir, example, 'package.json');
      const pkg = JSON.parse(await readFile(file, 'utf8')) as { dependencies: Record<string, string> };
      // The merchant's `npm install coinspaid-terminal`, from this build.
      pkg.dependencies['coinspaid-terminal'] = `file:${tarball}`;
      await writeFile(file, JSON.stringify(pkg, null, 2));
    }
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir, timeout: 240_000 });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    for (const child of children) child.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const example of ['express', 'hono']) {
    it(`${example}: a server-rendered page with the script tag under a strict CSP takes a sandbox payment to paid`, async () => {
      const shop = await backend(example);
      const page = await browser.newPage();
      const problems = problemsOf(page);
      const response = await page.goto(shop);
      assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self';/);
      const order = await payThrough(page, page);
      assert.equal(await serverSays(`${shop}/orders/${order}`), 'paid');
      assert.deepEqual(problems(), [], 'no CSP violation, no failed request');
      await page.close();
    });
  }

  for (const example of ['vite-react', 'vue']) {
    it(`${example}: through Vite's dev server and its proxy, a sandbox payment to paid`, async () => {
      const { app, api } = await withVite(example);
      const page = await browser.newPage();
      const problems = problemsOf(page);
      await page.goto(app);
      const order = await payThrough(page, page);
      assert.equal(await serverSays(`${api}/api/orders/${order}`), 'paid');
      assert.deepEqual(problems(), []);
      await page.close();
    });
  }

  it('iframe: the shop frames the checkout from another origin, gets its events, and takes a sandbox payment to paid', async () => {
    const shop = await backend('iframe');
    const payOrigin = shop.replace('localhost', '127.0.0.1');
    // Tall enough that nothing needs scrolling into view: Playwright's scroll next to a cross-origin frame can hang.
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    const problems = problemsOf(page);
    await page.goto(shop);
    const frame = page.frameLocator('iframe');
    assert.ok(
      (await page.locator('iframe').getAttribute('src'))?.startsWith(`${payOrigin}/coinspaid/embed?`),
      'framed from the other origin',
    );
    const order = await payThrough(page, frame);
    assert.equal(await serverSays(`${shop}/orders/${order}`), 'paid');
    assert.deepEqual(problems(), []);
    await page.close();
  });

  it('iframe: a checkout the token does not allow shows its error in the frame and tells the shop page its code', async () => {
    const shop = await backend('iframe');
    const page = await browser.newPage();
    await page.goto(shop);
    // The shop page asks for something its token does not allow (another settlement currency).
    const code = await page.evaluate(async () => {
      const slot = document.querySelector<HTMLElement>('#pay')!;
      const { mountTerminalFrame } = (await import('/assets/coinspaid-terminal-embed.min.js' as string)) as {
        mountTerminalFrame(slot: HTMLElement, options: Record<string, string>): { destroy(): void };
      };
      document.querySelector('iframe')!.remove();
      const error = new Promise<string>((resolve) =>
        slot.addEventListener('coinspaid-error', (event) => resolve((event as CustomEvent<{ code: string }>).detail.code)),
      );
      mountTerminalFrame(slot, { proxy: slot.dataset['proxy']!, token: slot.dataset['token']!, convertTo: 'USD' });
      return error;
    });
    assert.equal(code, 'forbidden_by_token');
    await page.frameLocator('iframe').locator('coinspaid-terminal[status="error"]').waitFor();
    await page.close();
  });
});
