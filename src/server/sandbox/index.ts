import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { mountApi } from './api.js';
import { mountControl } from './control.js';
import { mountInvoicePage } from './invoice-page.js';
import { controlGuard } from './middleware/control-guard.js';
import { Sandbox, type SandboxOptions } from './sandbox.js';
import { SandboxError } from './errors.js';

export { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET, Sandbox } from './sandbox.js';
export type { SandboxOptions } from './sandbox.js';
export { CONTROL_HEADER } from './middleware/control-guard.js';
export { CALLBACK_RETRY_MINUTES, encodeLikeCoinsPaid } from './callbacks.js';
export type { CallbackDelivery } from './callbacks.js';
export { SANDBOX_CURRENCIES } from './catalogue.js';
export { ENDPOINTS as SANDBOX_ENDPOINTS } from './endpoints.js';

/** The sandbox as a Hono app, plus `dispose()` to stop its timers and `sandbox` for in-process inspection. */
export type SandboxApp = Hono & { dispose(): void; sandbox: Sandbox };

/**
 * An offline stand-in for CoinsPaid API v2: its 13 endpoints under /api/v2 (authenticated like CoinsPaid) and a
 * control API under /control to play the customer. Mount it anywhere: `app.route('/sandbox', createSandbox())`.
 */
export function createSandbox(options: SandboxOptions = {}): SandboxApp {
  const sandbox = new Sandbox(options);
  const app = new Hono();
  mountApi(app, sandbox);
  app.use('/control/*', controlGuard({ clientIp: sandbox.clientIp, allowFrom: options.controlFrom ?? 'loopback' }));
  mountControl(app, sandbox);
  mountInvoicePage(app, sandbox);
  app.notFound((c) => c.json({ errors: { path: 'Not found.' } }, 404));
  app.onError((error, c) => {
    // Middleware refuses with a ready answer (403 {error, code}, a plain-text 429…); the rest are field errors.
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof SandboxError) return c.json({ errors: error.errors }, error.status);
    console.error('sandbox: unexpected error', error);
    return c.json({ errors: { server: 'The sandbox failed to handle this request.' } }, 500);
  });
  return Object.assign(app, { dispose: () => sandbox.dispose(), sandbox });
}
