/**
 * `npm start`: the demo checkout, the proxy and (in sandbox mode) the embedded CoinsPaid sandbox on one port.
 * Configuration comes from the environment; see README "Configuration".
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { ConfigError, localOrigins, readConfig } from '../../src/server/config.js';
import { createDemoServer } from './app.js';

let config;
try {
  config = readConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error — ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const host = process.env['HOST'] || '127.0.0.1';
let handler: ((request: Request, env?: unknown) => Response | Promise<Response>) | undefined;

// The app is built once the port is known, because in sandbox mode the proxy reaches the sandbox over real
// loopback HTTP (exactly as it would reach CoinsPaid) and the sandbox posts its callbacks back to the proxy.
// The node adapter's env (the socket) is passed on: per-IP limits read the client's address from it.
const server = serve(
  {
    fetch: (request, env) => (handler ? handler(request, env) : new Response('starting', { status: 503 })),
    port: config.port,
    hostname: host,
  },
  (info: AddressInfo) => {
    const selfUrl = `http://127.0.0.1:${info.port}`;
    const publicUrl = `http://localhost:${info.port}`;
    // PORT=0 binds a free port: the default allow-list (this server's own origins) must name the port actually bound,
    // or the demo's iframe page could not frame the proxy's /embed page (CSP frame-ancestors, `parent`).
    const allowedOrigins = process.env['ALLOWED_ORIGINS'] ? config.allowedOrigins : localOrigins(info.port);
    const built = createDemoServer({ config: { ...config, port: info.port, allowedOrigins }, selfUrl });
    handler = built.app.fetch;
    const lines = [
      `coinspaid-terminal listening on ${publicUrl}`,
      `  demo checkout   ${publicUrl}/`,
      `  proxy           ${publicUrl}/coinspaid`,
    ];
    if (config.sandboxMode) {
      lines.push(
        `  sandbox API     ${publicUrl}/sandbox/api/v2`,
        `  sandbox control ${publicUrl}/sandbox/control`,
        // Never the values: named with where they come from (a secret printed is a secret in every log collector).
        '  credentials     the sandbox demo pair (SANDBOX_DEMO_API_KEY / _SECRET in src/server/sandbox/sandbox.ts)',
        '  (sandbox mode: COINSPAID_API_URL is unset; nothing leaves this machine)',
      );
    } else {
      lines.push(`  CoinsPaid API   ${config.coinspaidApiUrl}`);
    }
    console.log(lines.join('\n'));
    const stop = () => {
      void built.dispose();
      server.close(() => process.exit(0));
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
);
