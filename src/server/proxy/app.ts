import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProxyEnv } from './context.js';
import { allowListCors } from './cors.js';
import { ProxyError } from './errors.js';
import { onProxyError } from './on-error.js';
import { createProxyContext, type TerminalProxyOptions } from './options.js';
import { addressRoutes } from './routes/addresses.js';
import { callbackRoutes } from './routes/callback.js';
import { configRoutes } from './routes/config.js';
import { embedRoutes } from './routes/embed.js';
import { followRoutes } from './routes/follow.js';
import { futuresRoutes } from './routes/futures.js';
import { invoiceRoutes } from './routes/invoices.js';
import { ratesRoutes } from './routes/rates.js';
import { terminalRoutes } from './routes/terminal.js';
import { tokenRoutes } from './routes/tokens.js';

function notFound(): never {
  throw new ProxyError(404, 'not_found', { path: 'Not found.' });
}

/**
 * The widget's backend, as a Hono app to mount anywhere (`app.route('/coinspaid', createTerminalProxy({...}))`).
 * It holds the CoinsPaid secret, serves only what a paying customer needs, and turns callbacks into live status.
 */
export function createTerminalProxy(options: TerminalProxyOptions): Hono<ProxyEnv> {
  const ctx = createProxyContext(options);
  const app = new Hono<ProxyEnv>();
  app.onError(onProxyError);
  app.notFound((c) => c.json({ errors: { path: 'Not found.' }, code: 'not_found' }, 404));

  // CoinsPaid → proxy. Before CORS and the widget's body limit: it is server-to-server, and verified by signature.
  app.route('/', callbackRoutes(ctx));
  // Merchant backend → proxy (only with a merchant API key): server-to-server too, so no CORS for any page.
  app.route('/', tokenRoutes(ctx));

  app.use('*', allowListCors(ctx.settings.allowedOrigins));
  const limitBody = bodyLimit({
    maxSize: ctx.settings.maxBodyBytes,
    onError: () => {
      throw new ProxyError(413, 'payload_too_large', { body: 'The request is too large.' });
    },
  });
  // Only requests that carry a body: bodyLimit reads c.req.raw, which on Node builds a whole web Request (headers
  // copied, an AbortController) — for every cached GET /rates, half the CPU of answering it (bench: growth).
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.route('/', followRoutes(ctx)); // authorized by capability: EventSource cannot send a token
  app.route('/', configRoutes(ctx)); // these need a checkout token
  app.route('/', ratesRoutes(ctx));
  app.route('/', addressRoutes(ctx));
  app.route('/', invoiceRoutes(ctx));
  app.route('/', futuresRoutes(ctx));
  app.route('/', terminalRoutes(ctx));
  app.route('/', embedRoutes(ctx)); // the token in the query: a page for an iframe

  // Answered here rather than by notFound, which a parent app's handler would override once mounted.
  app.all('*', notFound);
  return app;
}
