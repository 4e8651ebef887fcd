/**
 * `npm start`: the demo checkout, the proxy and (in sandbox mode) the embedded CoinsPaid sandbox on one port.
 * Configuration comes from the environment; see README "Configuration".
 */
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, localOrigins, readConfig } from '../../src/server/config.js';
import { fileLimitWarning, LISTEN_BACKLOG } from '../../src/server/listening.js';
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

// One descriptor per status stream (10,000 at most per process): said at start, not when connections fail.
const files = fileLimitWarning();
if (files) console.warn(`coinspaid-terminal: ${files}`);

const host = process.env['HOST'] || '127.0.0.1';
let handler: ((request: Request, env?: unknown) => Response | Promise<Response>) | undefined;

// The app is built once the port is known, because in sandbox mode the proxy reaches the sandbox over real
// loopback HTTP (exactly as it would reach CoinsPaid) and the sandbox posts its callbacks back to the proxy.
// The node adapter's env (the socket) is passed on: per-IP limits read the client's address from it.
const server = createAdaptorServer({
  fetch: (request, env) => (handler ? handler(request, env) : new Response('starting', { status: 503 })),
}) as Server;
// A backlog of 4096 (Node's default 511 overflows when thousands of clients connect at once: bench growth).
server.listen({ port: config.port, host, backlog: LISTEN_BACKLOG }, () => {
  const info = server.address() as AddressInfo;
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
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
