import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import type { Currency, CurrencyPair } from '../../core/api-types.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type {
  AddressGrant,
  InvoiceGrant,
  PaymentPoll,
  TerminalUrlGrant,
  WidgetConfig,
  WidgetCurrency,
  WidgetPair,
} from '../../core/wire.js';
import { CoinsPaidClient } from '../coinspaid/client.js';
import { CoinsPaidAuthError, CoinsPaidError, CoinsPaidRateLimitError, CoinsPaidValidationError } from '../coinspaid/errors.js';
import { buildTerminalUrl, TERMINAL_BASE_URL } from '../coinspaid/terminal-url.js';
import { MemoryStore } from '../store/memory.js';
import type { ProxyStore } from '../store/types.js';
import { StoreUnavailableError } from '../store/errors.js';
import { type CallbackHandler, processCallback } from './callbacks.js';
import { allowListCors } from './cors.js';
import { currencyDisplay } from './display.js';
import { addEmbedRoutes, DEFAULT_SCRIPT_DIR } from './embed.js';
import { ProxyError } from './errors.js';
import { addressChannel, followHandle, invoiceChannel, openCapability, streamChannel } from './follow.js';
import { perIpLimit, socketIp } from './limits.js';
import { RateCache } from './rates.js';
import { createTokenVerifier, type VerifiedCheckout } from './tokens.js';
import { currencyCode, decimalAmount, httpUrl, parseOr400 } from './validation.js';

export interface TerminalProxyOptions {
  /** A configured client, or the credentials to make one (`baseUrl` defaults to CoinsPaid production). */
  client?: CoinsPaidClient;
  baseUrl?: string;
  /** Needed to verify callbacks (and to make the client when none is given). */
  apiKey: string;
  apiSecret: string;
  /** Verifies checkout tokens and signs follow capabilities; ≥ 32 bytes. */
  tokenSecret: string;
  /** Exact origins of the merchant's pages, e.g. ['https://shop.example']. */
  allowedOrigins: readonly string[];
  /** Shared state; memory by default (one process). */
  store?: ProxyStore;
  /** The merchant's handler; a callback is acknowledged only after it resolved. */
  onCallback?: CallbackHandler;
  /** Payment Terminal `client_id`. */
  terminalClientId: number;
  terminalBaseUrl?: string;
  clock?: Clock;
  /** SSE heartbeat interval; default 20 s. */
  heartbeatMs?: number;
  /** Creations (addresses, invoices, futures confirmations, terminal links) per IP per minute; default 20. */
  createLimitPerMinute?: number;
  /** Upstream exchange/calculate calls per minute for this store (fleet); default 25 (CoinsPaid allows 30). */
  rateCallsPerMinute?: number;
  /** The client's IP; default the socket address. Behind a load balancer, read your trusted forwarding header. */
  clientIp?: (c: Context) => string;
  /** Largest accepted widget request body; default 8 KiB (callbacks: 256 KiB). */
  maxBodyBytes?: number;
  /**
   * The element's script build (`dist/script/`) that `GET /embed` loads and `/embed/<file>.js` serves: a directory
   * path or `file:` URL. Default: this package's own `dist/script/`.
   */
  embedScripts?: string | URL;
}

type Env = { Variables: { checkout: VerifiedCheckout } };

const CATALOGUE_TTL_MS = 5 * 60 * 1000;

const RatesQuery = v.strictObject({ from: currencyCode, to: currencyCode, amount: v.optional(decimalAmount) });
const AddressBody = v.strictObject({ currency: currencyCode, convert_to: v.optional(currencyCode) });
const InvoiceBody = v.strictObject({ sender_currency: v.optional(currencyCode) });
const FuturesRatesBody = v.strictObject({ currency: currencyCode });
const FuturesConfirmBody = v.strictObject({
  sender_currency: currencyCode,
  receiver_currency: currencyCode,
  receiver_amount: decimalAmount,
});
const TerminalBody = v.strictObject({
  currency: currencyCode,
  amount: v.optional(decimalAmount),
  convert_to: v.optional(currencyCode),
  is_iframe: v.optional(v.boolean('must be true or false')),
  url_back: v.optional(httpUrl),
});
const PollQuery = v.strictObject({ after: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be an event id'))) });

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProxyError(400, 'validation', { body: 'The request body must be JSON.' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ProxyError(400, 'validation', { body: 'The request body must be a JSON object.' });
  return body;
}

function forbidden(field: string, message: string): ProxyError {
  return new ProxyError(403, 'forbidden_by_token', { [field]: message });
}

/** Upstream failures as the widget should see them: never a 500, never a secret or a stack trace. */
function fromCoinsPaid(error: CoinsPaidError): ProxyError {
  if (error instanceof CoinsPaidValidationError) return new ProxyError(422, 'validation', error.errors);
  if (error instanceof CoinsPaidRateLimitError) {
    return new ProxyError(
      503,
      'rate_limited',
      { upstream: 'CoinsPaid is busy. Try again in a minute.' },
      { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) },
    );
  }
  if (error instanceof CoinsPaidAuthError) {
    console.error('coinspaid-terminal: CoinsPaid refused the API credentials', error.message);
    return new ProxyError(502, 'upstream_unavailable', { upstream: 'The payment service is misconfigured. The merchant has been told.' });
  }
  return new ProxyError(
    502,
    'upstream_unavailable',
    { upstream: 'The payment service is not answering. Try again shortly.' },
    { 'Retry-After': '10' },
  );
}

function isBareOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin;
  } catch {
    return false;
  }
}

/** A directory as a URL ending in `/`, so file names resolve inside it. */
function scriptDirUrl(dir: string | URL | undefined): URL {
  if (dir === undefined) return DEFAULT_SCRIPT_DIR;
  const url = dir instanceof URL ? new URL(dir.href) : pathToFileURL(dir);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * The widget's backend, as a Hono app to mount anywhere (`app.route('/coinspaid', createTerminalProxy({...}))`).
 * It holds the CoinsPaid secret, serves only what a paying customer needs, and turns callbacks into live status.
 */
export function createTerminalProxy(options: TerminalProxyOptions): Hono<Env> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MemoryStore({ clock });
  const client =
    options.client ??
    new CoinsPaidClient({
      baseUrl: options.baseUrl ?? 'https://app.cryptoprocessing.com/api/v2',
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
    });
  const rates = new RateCache({ client, store, clock, callsPerMinute: options.rateCallsPerMinute ?? 25 });
  const clientIp = options.clientIp ?? socketIp;
  const createLimit = options.createLimitPerMinute ?? 20;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const secret = options.tokenSecret;
  if (new TextEncoder().encode(secret).length < 32) throw new TypeError('createTerminalProxy: tokenSecret must be at least 32 bytes');
  // The allow-list goes into headers (CORS, CSP frame-ancestors) verbatim: bare origins only, never '*' or a path.
  for (const origin of options.allowedOrigins) {
    if (!isBareOrigin(origin))
      throw new TypeError(
        `createTerminalProxy: allowedOrigins must be bare origins such as https://shop.example, not ${JSON.stringify(origin)}`,
      );
  }

  const app = new Hono<Env>();

  app.onError((error, c) => {
    if (error instanceof ProxyError) return c.json(error.body(), error.status, error.headers);
    if (error instanceof CoinsPaidError) {
      const mapped = fromCoinsPaid(error);
      return c.json(mapped.body(), mapped.status, mapped.headers);
    }
    if (error instanceof StoreUnavailableError) {
      console.error('coinspaid-terminal proxy:', error.message);
      return c.json({ errors: { server: 'Temporarily unavailable. Try again in a few seconds.' }, code: 'upstream_unavailable' }, 503, {
        'Retry-After': '5',
      });
    }
    if (error instanceof HTTPException)
      return c.json({ errors: { request: error.message || 'Bad request.' }, code: 'validation' }, error.status);
    console.error('coinspaid-terminal proxy: unexpected error', error);
    return c.json({ errors: { server: 'Something went wrong on our side. Try again.' }, code: 'upstream_unavailable' }, 500);
  });
  app.notFound((c) => c.json({ errors: { path: 'Not found.' }, code: 'not_found' }, 404));

  // CoinsPaid → proxy. Registered before CORS: it is server-to-server, and verified by signature instead.
  app.post(
    '/callback',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new ProxyError(413, 'payload_too_large', { body: 'The callback is too large.' });
      },
    }),
    async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const { duplicate } = await processCallback(raw, c.req.raw.headers, {
        apiKey: options.apiKey,
        apiSecret: options.apiSecret,
        store,
        clock,
        ...(options.onCallback ? { onCallback: options.onCallback } : {}),
      });
      return c.json({ ok: true, duplicate });
    },
  );

  app.use('*', allowListCors(options.allowedOrigins));
  app.use(
    '*',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 8 * 1024,
      onError: () => {
        throw new ProxyError(413, 'payload_too_large', { body: 'The request is too large.' });
      },
    }),
  );

  // ── following a payment: authorized by capability, not token (EventSource cannot send headers) ──────────
  app.get('/follow/:capability/stream', (c) => {
    const channel = openCapability(secret, c.req.param('capability'));
    const lastEventId = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null;
    if (lastEventId !== null && !/^\d{1,15}$/.test(lastEventId))
      throw new ProxyError(400, 'validation', { last_event_id: 'The last event id must be an event id.' });
    return streamChannel(c, channel, lastEventId, { store, clock, heartbeatMs });
  });
  app.get('/follow/:capability', async (c) => {
    const channel = openCapability(secret, c.req.param('capability'));
    const { after } = parseOr400(PollQuery, c.req.query());
    c.header('Cache-Control', 'no-store');
    return c.json({ events: await store.since(channel, after ?? null) } satisfies PaymentPoll);
  });

  // ── everything else needs a checkout token ─────────────────────────────────────────────────────────────
  const verifyToken = createTokenVerifier(secret);
  const requireToken: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    c.set('checkout', await verifyToken(token, Math.floor(clock.now() / 1000)));
    await next();
  };
  const limited = (name: string) => perIpLimit(store, name, createLimit, clientIp);

  async function catalogue(): Promise<{ currencies: Currency[]; pairs: CurrencyPair[] }> {
    const cached = await store.get<{ currencies: Currency[]; pairs: CurrencyPair[] }>('config:catalogue');
    if (cached) return cached;
    const [currencies, pairs] = await Promise.all([client.currenciesList({ visible: true }), client.currenciesPairs()]);
    const fresh = { currencies, pairs };
    await store.set('config:catalogue', fresh, CATALOGUE_TTL_MS);
    return fresh;
  }

  /** A crypto currency the token lets this customer pay in and CoinsPaid currently accepts. */
  async function payableCurrency(checkout: VerifiedCheckout, currency: string, field = 'currency'): Promise<Currency> {
    if (checkout.currencies && !checkout.currencies.includes(currency))
      throw forbidden(field, `This checkout does not accept ${currency}.`);
    const found = (await catalogue()).currencies.find((c) => c.currency === currency && c.type === 'crypto');
    if (!found) throw new ProxyError(400, 'validation', { [field]: `${currency} is not available for payment.` });
    return found;
  }

  /** The token's convert_to decides; a request may repeat it but not change it. */
  function boundConvertTo(checkout: VerifiedCheckout, requested: string | undefined, field = 'convert_to'): string | undefined {
    if (requested !== undefined && requested !== checkout.convert_to)
      throw forbidden(
        field,
        checkout.convert_to ? `This checkout settles in ${checkout.convert_to}.` : 'This checkout does not convert payments.',
      );
    return checkout.convert_to;
  }

  app.get('/config', requireToken, async (c) => {
    const checkout = c.get('checkout');
    const { currencies, pairs } = await catalogue();
    const allowed = (code: string) => !checkout.currencies || checkout.currencies.includes(code);
    const widgetCurrencies: WidgetCurrency[] = currencies
      .filter((cur) => cur.type === 'fiat' || allowed(cur.currency))
      .map((cur) => ({
        currency: cur.currency,
        ...currencyDisplay(cur.currency, { network: cur.network, requires_tag: cur.requires_tag }),
        type: cur.type,
        precision: cur.precision,
        min_amount: cur.minimum_amount,
        deposit_fee_percent: cur.deposit_fee_percent,
      }));
    const widgetPairs: WidgetPair[] = pairs
      .filter((p) => allowed(p.currency_from.currency) && (!checkout.convert_to || p.currency_to.currency === checkout.convert_to))
      .map((p) => ({
        from: p.currency_from.currency,
        to: p.currency_to.currency,
        min_amount: p.currency_from.min_amount ?? null,
        min_amount_deposit_with_exchange: p.currency_from.min_amount_deposit_with_exchange ?? null,
      }));
    const body: WidgetConfig = {
      currencies: widgetCurrencies,
      pairs: widgetPairs,
      checkout: {
        currencies: checkout.currencies ?? null,
        convert_to: checkout.convert_to ?? null,
        amount: checkout.amount ?? null,
        amount_currency: checkout.amount_currency ?? null,
        url_back: checkout.url_back ?? null,
        expires_at: checkout.exp,
        invoice: checkout.invoice
          ? {
              title: checkout.invoice.title,
              description: checkout.invoice.description ?? null,
              timer: checkout.invoice.timer,
              sender_currency: checkout.invoice.sender_currency ?? null,
              url_success: checkout.invoice.url_success,
              url_failed: checkout.invoice.url_failed,
            }
          : null,
      },
    };
    c.header('Cache-Control', 'private, max-age=60');
    return c.json(body);
  });

  app.get('/rates', requireToken, async (c) => {
    const checkout = c.get('checkout');
    const { from, to, amount } = parseOr400(RatesQuery, c.req.query());
    if (checkout.currencies && !checkout.currencies.includes(from) && !checkout.currencies.includes(to)) {
      throw forbidden('from', `This checkout does not accept ${from}.`);
    }
    const quote = await rates.quote(from, to, amount);
    c.header('Cache-Control', 'no-store');
    return c.json(quote);
  });

  app.post('/addresses', requireToken, limited('addresses'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(AddressBody, await jsonBody(c));
    await payableCurrency(checkout, body.currency);
    const convertTo = boundConvertTo(checkout, body.convert_to);
    const address = await client.takeAddress({
      foreign_id: checkout.foreign_id,
      currency: body.currency,
      ...(convertTo ? { convert_to: convertTo } : {}),
    });
    return c.json({ address, follow: followHandle(secret, addressChannel(address.id)) } satisfies AddressGrant, 201);
  });

  app.post('/invoices', requireToken, limited('invoices'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(InvoiceBody, await jsonBody(c));
    const invoice = checkout.invoice;
    if (!invoice || !checkout.amount || !checkout.amount_currency) throw forbidden('invoice', 'This checkout is not an invoice.');
    if (body.sender_currency && invoice.sender_currency && body.sender_currency !== invoice.sender_currency) {
      throw forbidden('sender_currency', `This invoice is paid in ${invoice.sender_currency}.`);
    }
    const senderCurrency = body.sender_currency ?? invoice.sender_currency;
    if (senderCurrency) await payableCurrency(checkout, senderCurrency, 'sender_currency');
    // One invoice per checkout: a reload or a retry gets the same invoice instead of "foreign id already taken".
    const cacheKey = `invoice:${checkout.foreign_id}`;
    const existing = await store.get<InvoiceGrant>(cacheKey);
    if (existing) return c.json(existing, 200);
    const created = await client.createInvoice({
      timer: invoice.timer,
      title: invoice.title,
      ...(invoice.description ? { description: invoice.description } : {}),
      currency: checkout.amount_currency,
      ...(senderCurrency ? { sender_currency: senderCurrency } : {}),
      amount: checkout.amount,
      foreign_id: checkout.foreign_id,
      url_success: invoice.url_success,
      url_failed: invoice.url_failed,
      email_user: invoice.email_user,
    });
    const grant: InvoiceGrant = { invoice: created, follow: followHandle(secret, invoiceChannel(created.id)) };
    await store.set(cacheKey, grant, 25 * 60 * 60 * 1000);
    return c.json(grant, 201);
  });

  app.post('/futures/rates', requireToken, async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(FuturesRatesBody, await jsonBody(c));
    await payableCurrency(checkout, body.currency);
    if (!checkout.convert_to) throw forbidden('convert_to', 'Fixed rates need a checkout that converts payments.');
    const address = await client.takeAddress({ foreign_id: checkout.foreign_id, currency: body.currency, convert_to: checkout.convert_to });
    return c.json({
      ...(await client.futuresRates({ address: address.address })),
      follow: followHandle(secret, addressChannel(address.id)),
    });
  });

  app.post('/futures/confirm', requireToken, limited('futures'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(FuturesConfirmBody, await jsonBody(c));
    await payableCurrency(checkout, body.sender_currency, 'sender_currency');
    const convertTo = boundConvertTo(checkout, body.receiver_currency, 'receiver_currency');
    if (!convertTo) throw forbidden('receiver_currency', 'Fixed rates need a checkout that converts payments.');
    const address = await client.takeAddress({ foreign_id: checkout.foreign_id, currency: body.sender_currency, convert_to: convertTo });
    const confirmation = await client.futuresConfirm({
      address: address.address,
      sender_currency: body.sender_currency,
      receiver_currency: convertTo,
      receiver_amount: body.receiver_amount,
    });
    return c.json({ ...confirmation, follow: followHandle(secret, addressChannel(address.id)) });
  });

  app.post('/terminal-url', requireToken, limited('terminal'), async (c) => {
    const checkout = c.get('checkout');
    const body = parseOr400(TerminalBody, await jsonBody(c));
    await payableCurrency(checkout, body.currency);
    const convertTo = boundConvertTo(checkout, body.convert_to);
    // url_back is the merchant's: a signed terminal link must never carry a return address the customer chose.
    if (body.url_back !== undefined && body.url_back !== checkout.url_back)
      throw forbidden('url_back', 'The return address is set by the merchant.');
    if (
      body.amount !== undefined &&
      checkout.amount !== undefined &&
      checkout.amount_currency === body.currency &&
      body.amount !== checkout.amount
    ) {
      throw forbidden('amount', `This checkout is for ${checkout.amount} ${checkout.amount_currency}.`);
    }
    const amount = body.amount ?? (checkout.amount_currency === body.currency ? checkout.amount : undefined);
    const url = buildTerminalUrl({
      apiSecret: options.apiSecret,
      baseUrl: options.terminalBaseUrl ?? TERMINAL_BASE_URL,
      params: {
        client_id: options.terminalClientId,
        currency: body.currency,
        ...(amount ? { amount } : {}),
        ...(convertTo ? { convert_to: convertTo } : {}),
        ...(body.is_iframe !== undefined ? { is_iframe: body.is_iframe } : {}),
        foreign_id: checkout.foreign_id,
        ...(checkout.url_back ? { url_back: checkout.url_back } : {}),
      },
    });
    return c.json({ url } satisfies TerminalUrlGrant);
  });

  // ── the iframe embed: a page hosting the element, framed only by the allowed origins ────────────────────
  addEmbedRoutes(app, {
    allowedOrigins: options.allowedOrigins,
    scriptDir: scriptDirUrl(options.embedScripts),
    terminalOrigin: new URL(options.terminalBaseUrl ?? TERMINAL_BASE_URL).origin,
    verifyToken: (token) => verifyToken(token, Math.floor(clock.now() / 1000)),
  });

  // Answered here rather than by notFound, which a parent app's handler would override once mounted.
  app.all('*', () => {
    throw new ProxyError(404, 'not_found', { path: 'Not found.' });
  });

  return app;
}
