// Browser tests in real Chromium. Vite transforms the test modules (so CommonJS dependencies such as qrcode load
// exactly as in the build), sitting in front of the runner's own files; see shared notes/toolchain.md.
import { existsSync } from 'node:fs';
import { createServer } from 'vite';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumPath } from './scripts/check-chromium.mjs';

const runnerSocket = '/__web-dev-server__web-socket.js'; // served by the runner itself, not by Vite

/** The sandbox + proxy stack the integration tests talk to, when the test helper exists. */
let stack;
if (existsSync(new URL('./test/helpers/stack.ts', import.meta.url))) {
  const { tsImport } = await import('tsx/esm/api');
  const { startStack } = await tsImport('./test/helpers/stack.ts', import.meta.url);
  stack = await startStack({ allowedOrigins: ['http://localhost:8000', 'http://127.0.0.1:8000'] });
}

const vite = await createServer({
  configFile: false,
  server: { middlewareMode: true, hmr: false },
  appType: 'custom',
  clearScreen: false,
  logLevel: 'warn',
  define: { __STACK_URL__: JSON.stringify(stack?.url ?? null) },
  plugins: [{ name: 'runner-socket-external', resolveId: (id) => (id.endsWith(runnerSocket) ? { id: runnerSocket, external: true } : undefined) }],
});

/** Mints checkout tokens for browser tests (a merchant backend's job; the browser never holds the secret). */
async function stackRoutes(ctx, next) {
  if (ctx.path !== '/__stack/token' || !stack) return next();
  const body = await new Promise((resolve) => {
    let text = '';
    ctx.req.on('data', (chunk) => (text += chunk));
    ctx.req.on('end', () => resolve(text ? JSON.parse(text) : {}));
  });
  ctx.body = { token: await stack.mintToken(body.claims, body.expiresIn) };
}

export default {
  files: 'test/browser/**/*.test.ts',
  nodeResolve: false,
  port: 8000,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
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
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
  plugins: [
    {
      name: 'close-vite-and-stack',
      async serverStop() {
        await vite.close();
        await stack?.close();
      },
    },
  ],
};
