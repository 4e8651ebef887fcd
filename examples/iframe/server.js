// The checkout in an iframe: the shop's page frames the checkout page the proxy serves from another origin, and gets
// the checkout's events back. Here both origins are this one server on port 3000: the shop at http://localhost:3000,
// the proxy at http://127.0.0.1:3000 (in production, say https://shop.example and https://pay.shop.example).
// Plain JavaScript, Node >= 20. `npm install && npm start`, then open http://localhost:3000.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createCheckoutToken, createSandbox, createTerminalProxy, toNodeHandler } from 'coinspaid-terminal/server';

const {
  PORT = '3000',
  COINSPAID_API_URL, // unset: the sandbox below stands in for CoinsPaid
  COINSPAID_API_KEY = 'sandbox-key',
  COINSPAID_API_SECRET = 'sandbox-secret',
  COINSPAID_CLIENT_ID = '1',
  TERMINAL_TOKEN_SECRET = 'sandbox-only-token-secret-of-32-bytes-or-more',
} = process.env;
if (COINSPAID_API_URL && !process.env.TERMINAL_TOKEN_SECRET) throw new Error('Set TERMINAL_TOKEN_SECRET (32 random bytes or more)');
const SHOP_ORIGIN = process.env.SHOP_ORIGIN ?? `http://localhost:${PORT}`; // the page that frames the checkout
const PAY_ORIGIN = process.env.PAY_ORIGIN ?? `http://127.0.0.1:${PORT}`; // where the browser reaches the proxy
const SELF = `http://127.0.0.1:${PORT}`;
// The shop page's policy: its own scripts only, and frames from the proxy's origin only.
const CSP = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src ${PAY_ORIGIN}; object-src 'none'; base-uri 'none'`;
const orders = new Map(); // your database

const app = express();
// 1. Mount the proxy (and the sandbox) BEFORE any body parser: callbacks are verified on their raw bytes.
if (!COINSPAID_API_URL) {
  // Callbacks to the proxy below; a payment confirms 2 s after it is seen (on CoinsPaid, after the network's confirmations).
  const sandbox = createSandbox({
    apiKey: COINSPAID_API_KEY,
    apiSecret: COINSPAID_API_SECRET,
    callbackUrl: `${SELF}/coinspaid/callback`,
    confirmationDelayMs: 2000,
  });
  app.use('/sandbox', toNodeHandler(sandbox));
}
const proxy = createTerminalProxy({
  baseUrl: COINSPAID_API_URL ?? `${SELF}/sandbox/api/v2`,
  apiKey: COINSPAID_API_KEY,
  apiSecret: COINSPAID_API_SECRET,
  tokenSecret: TERMINAL_TOKEN_SECRET,
  allowedOrigins: [SHOP_ORIGIN], // the only pages that may frame the checkout
  terminalClientId: Number(COINSPAID_CLIENT_ID),
  // 4. Fulfil here, when the order is paid in full: never from the browser, never on CoinsPaid's bare "confirmed".
  onCallback: async (callback, { settlement }) => {
    const order = settlement && orders.get(settlement.order_id);
    if (order && settlement.status === 'paid') order.status = 'paid';
  },
});
app.use('/coinspaid', toNodeHandler(proxy));
app.use(express.json()); // your own routes' parser, after the proxy

// The parent-side helper (no Lit, about 1 KB), from the shop's own origin, and the page's script.
app.use('/assets', express.static(dirname(fileURLToPath(import.meta.resolve('coinspaid-terminal/embed/script')))));
app.use(express.static(fileURLToPath(new URL('public', import.meta.url))));

app.get('/', async (req, res) => {
  const order = { id: String(1000 + orders.size + 1), amount: '106.75', currency: 'EUR', status: 'awaiting payment' };
  orders.set(order.id, order);
  // 2. Mint a checkout token for this customer and order, on the server.
  const token = await createCheckoutToken(
    TERMINAL_TOKEN_SECRET,
    { foreign_id: 'customer:42', order_id: order.id, amount: order.amount, amount_currency: order.currency },
    { expiresIn: '30m' },
  );
  // 3. A slot for the frame; checkout.js mounts it.
  res.set('Content-Security-Policy', CSP).send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Order ${order.id}</title>
<script type="module" src="/checkout.js"></script></head>
<body><h1>Order ${order.id}: ${order.amount} ${order.currency}</h1>
<div id="pay" data-proxy="${PAY_ORIGIN}/coinspaid" data-token="${token}" data-order="${order.id}"></div>
<p id="result" role="status"></p>
<button id="sandbox-pay" hidden>Sandbox: pay this</button>
</body></html>`);
});
// What the page shows after payment: the server's word, not the browser's.
app.get('/orders/:id', (req, res) => (orders.has(req.params.id) ? res.json(orders.get(req.params.id)) : res.sendStatus(404)));

app.listen(Number(PORT), () => console.log(`Shop listening on ${SHOP_ORIGIN}, checkout framed from ${PAY_ORIGIN}`));
