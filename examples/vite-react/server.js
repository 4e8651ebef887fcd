// The backend of the React app: the proxy, the sandbox (until you have CoinsPaid credentials) and your own API, on
// one port (3000). In development Vite serves the app on 5173 and forwards these routes here (vite.config.js); in
// production `npm run build` and this server serves dist/ too. Plain JavaScript, Node >= 20.
import express from 'express';
import { createCheckoutToken, createSandbox, createTerminalProxy, toNodeHandler } from 'coinspaid-terminal/server';

const {
  PORT = '3000',
  APP_ORIGIN = 'http://localhost:5173', // where the browser loads the app: Vite's dev server
  COINSPAID_API_URL, // unset: the sandbox below stands in for CoinsPaid
  COINSPAID_API_KEY = 'sandbox-key',
  COINSPAID_API_SECRET = 'sandbox-secret',
  COINSPAID_CLIENT_ID = '1',
  TERMINAL_TOKEN_SECRET = 'sandbox-only-token-secret-of-32-bytes-or-more',
} = process.env;
if (COINSPAID_API_URL && !process.env.TERMINAL_TOKEN_SECRET) throw new Error('Set TERMINAL_TOKEN_SECRET (32 random bytes or more)');
const SELF = `http://127.0.0.1:${PORT}`;
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
  allowedOrigins: [APP_ORIGIN],
  terminalClientId: Number(COINSPAID_CLIENT_ID),
  // 4. Fulfil here, when the order is paid in full: never from the browser, never on CoinsPaid's bare "confirmed".
  onCallback: async (callback, { settlement }) => {
    const order = settlement && orders.get(settlement.order_id);
    if (order && settlement.status === 'paid') order.status = 'paid';
  },
});
app.use('/coinspaid', toNodeHandler(proxy));
app.use(express.json()); // your own routes' parser, after the proxy

// 2. A checkout token for this customer and a new order, minted on the server.
app.post('/api/orders', async (req, res) => {
  const order = { id: String(1000 + orders.size + 1), amount: '106.75', currency: 'EUR', status: 'awaiting payment' };
  orders.set(order.id, order);
  const token = await createCheckoutToken(
    TERMINAL_TOKEN_SECRET,
    { foreign_id: 'customer:42', order_id: order.id, amount: order.amount, amount_currency: order.currency },
    { expiresIn: '30m' },
  );
  res.json({ order, token });
});
// What the app shows after payment: the server's word, not the browser's.
app.get('/api/orders/:id', (req, res) => (orders.has(req.params.id) ? res.json(orders.get(req.params.id)) : res.sendStatus(404)));
app.use(express.static('dist')); // the built app, in production

app.listen(Number(PORT), () => console.log(`Backend listening on http://localhost:${PORT}; the app: npm run dev`));
