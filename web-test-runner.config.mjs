// Browser tests in real Chromium. Vite transforms the test modules (so CommonJS dependencies such as qrcode load
// exactly as in the build), sitting in front of the runner's own files; see shared notes/toolchain.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer } from 'vite';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_FLAGS, chromiumPath } from './scripts/check-chromium.mjs';

/* global URL */
const runnerSocket = '/__web-dev-server__web-socket.js'; // served by the runner itself, not by Vite

/** The runner's port: WTR_PORT lets two runs share a machine (the proxy's allowed origins follow it). */
const port = Number(process.env.WTR_PORT || 8000);

/** The sandbox + proxy stack the integration tests talk to, when the test helper exists. */
let stack;
/** The script build the proxy's iframe embed page serves (element + bridge), made from the current source. */
let embedScripts;
if (existsSync(new URL('./test/helpers/stack.ts', import.meta.url))) {
  // A private build (not dist/, which `npm run build:script` and other runs rewrite): the embed tests then test this
  // checkout's source, never a stale or half-written bundle.
  embedScripts = mkdtempSync(join(tmpdir(), 'wtr-embed-'));
  for (const mode of ['production', 'bridge']) {
    await build({
      configFile: 'vite.config.ts',
      mode,
      logLevel: 'error',
      build: { outDir: embedScripts, emptyOutDir: false, sourcemap: false },
    });
  }
  const { tsImport } = await import('tsx/esm/api');
  const { startStack } = await tsImport('./test/helpers/stack.ts', import.meta.url);
  // Many tests take addresses and new rates in a minute from one IP: lift the per-IP limits. Confirmations in 300 ms keep
  // the status tests well under a second.
  stack = await startStack({
    allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    createLimitPerMinute: 10_000,
    newRatesPerClientPerMinute: 10_000,
    confirmationDelayMs: 300,
    embedScripts,
  });
}

const vite = await createServer({
  configFile: false,
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
  clearScreen: false,
  logLevel: 'warn',
  define: { __STACK_URL__: JSON.stringify(stack?.url ?? null) },
  // Pre-bundle every dependency the tests import before the first test runs: on a fresh clone, discovering one
  // mid-run (react, say) makes Vite re-optimize and serve two copies, and the tests importing it fail.
  optimizeDeps: { entries: ['test/browser/**/*.test.ts'] },
  plugins: [
    { name: 'runner-socket-external', resolveId: (id) => (id.endsWith(runnerSocket) ? { id: runnerSocket, external: true } : undefined) },
  ],
});

function readJson(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (error) {
        reject(error);
      }
    });
  });
}

/**
 * What browser tests need of the stack, same-origin (the sandbox's control API has no CORS, by design):
 *   GET  /__stack                  → { url } (null when the stack helper does not exist yet)
 *   POST /__stack/token            { claims?, expiresIn? } → { token }  (a merchant backend's job; the browser never
 *                                  holds the secret)
 *   POST /__stack/control/<path>   → the sandbox control API's answer (deposits, address-override, reset, faults)
 */
async function stackRoutes(ctx, next) {
  if (!ctx.path.startsWith('/__stack')) return next();
  if (ctx.path === '/__stack') {
    ctx.body = { url: stack?.url ?? null };
    return;
  }
  if (!stack) {
    ctx.status = 404;
    ctx.body = { error: 'no stack' };
    return;
  }
  const body = await readJson(ctx.req);
  if (ctx.path === '/__stack/token') {
    ctx.body = { token: await stack.mintToken(body.claims, body.expiresIn) };
    return;
  }
  if (ctx.path.startsWith('/__stack/control/')) {
    const response = await stack.control(ctx.path.slice('/__stack/control/'.length), ctx.method === 'GET' ? undefined : body, ctx.method);
    ctx.status = response.status;
    ctx.body = await response.json();
    return;
  }
  return next();
}

export default {
  files: 'test/browser/**/*.test.ts',
  nodeResolve: false,
  port,
  concurrency: 1,
  testFramework: { config: { timeout: 20_000 } },
  middleware: [
    stackRoutes,
    (ctx, next) =>
      ctx.path.startsWith('/__web')
        ? next()
        : new Promise((resolve, reject) => vite.middlewares(ctx.req, ctx.res, (err) => (err ? reject(err) : resolve(next())))).then(() => {
            if (ctx.res.writableEnded) ctx.respond = false;
          }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath(),
        args: [...CHROMIUM_FLAGS],
      },
    }),
  ],
  plugins: [
    {
      name: 'close-vite-and-stack',
      async serverStop() {
        await vite.close();
        await stack?.close();
        if (embedScripts) rmSync(embedScripts, { recursive: true, force: true });
      },
    },
  ],
};
