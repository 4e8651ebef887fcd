// Accept your first payment with Express: a server-rendered checkout page, the element from a <script> tag under a
// strict Content-Security-Policy, the proxy and (until you have CoinsPaid credentials) the sandbox on the same server.
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
const ORIGIN = `http://localhost:${PORT}`; // the shop as the browser sees it
const SELF = `http://127.0.0.1:${PORT}`; // the same server, from inside it
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src https://terminal.coinspaid.com; object-src 'none'; base-uri 'none'";
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
  allowedOrigins: [ORIGIN],
  terminalClientId: Number(COINSPAID_CLIENT_ID),
  // 4. Fulfil here, when the order is paid in full: never from the browser, never on CoinsPaid's bare "confirmed".
  onCallback: async (callback, { settlement }) => {
    const order = settlement && orders.get(settlement.order_id);
    if (order && settlement.status === 'paid') order.status = 'paid';
  },
});
app.use('/coinspaid', toNodeHandler(proxy));
app.use(express.json()); // your own routes' parser, after the proxy

// The element's script build: the whole folder (the entry loads chunks next to it), from your own origin.
app.use('/assets', express.static(dirname(fileURLToPath(import.meta.resolve('coinspaid-terminal/script')))));
app.use(express.static(fileURLToPath(new URL('public', import.meta.url)))); // checkout.js: no inline script under this CSP

app.get('/', async (req, res) => {
  const order = { id: String(1000 + orders.size + 1), amount: '106.75', currency: 'EUR', status: 'awaiting payment' };
  orders.set(order.id, order);
  // 2. Mint a checkout token for this customer and order, on the server.
  const token = await createCheckoutToken(
    TERMINAL_TOKEN_SECRET,
    { foreign_id: 'customer:42', order_id: order.id, amount: order.amount, amount_currency: order.currency },
    { expiresIn: '30m' },
  );
  // 3. Put the element on the page.
  res.set('Content-Security-Policy', CSP).send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Order ${order.id}</title>
<script type="module" src="/assets/coinspaid-terminal.min.js"></script>
<script type="module" src="/checkout.js"></script></head>
<body><h1>Order ${order.id}: ${order.amount} ${order.currency}</h1>
<coinspaid-terminal proxy="/coinspaid" token="${token}" data-order="${order.id}"></coinspaid-terminal>
<p id="result" role="status"></p>
<button id="sandbox-pay" hidden>Sandbox: pay this</button>
</body></html>`);
});
// What the page shows after payment: the server's word, not the browser's.
app.get('/orders/:id', (req, res) => (orders.has(req.params.id) ? res.json(orders.get(req.params.id)) : res.sendStatus(404)));

app.listen(Number(PORT), () => console.log(`Shop listening on ${ORIGIN}`));
