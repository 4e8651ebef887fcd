import type { Context } from 'hono';
import { pathToFileURL } from 'node:url';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { COINSPAID_PRODUCTION_URL, CoinsPaidClient } from '../coinspaid/client.js';
import { TERMINAL_BASE_URL } from '../coinspaid/terminal-url.js';
import { MemoryStore } from '../store/memory.js';
import type { ProxyStore } from '../store/types.js';
import { CurrencyCatalogue } from './catalogue.js';
import { CheckoutLedger } from './checkouts.js';
import { marketPricing } from './pricing.js';
import type { CallbackHandler } from './callbacks.js';
import type { ProxyObserver, SettlementOutbox } from './observer.js';
import type { ProxyContext } from './context.js';
import { followHandle } from './follow.js';
import { perIpLimit, socketIp } from './limits.js';
import { RateCache } from './rates.js';
import { StreamLimits, type StreamLimitOptions } from './stream-limits.js';
import { createTokenVerifier } from './tokens.js';

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
  /**
   * The merchant's handler; a callback is acknowledged only after it resolved. Its second argument carries the
   * settlement of the order the payment belongs to: fulfil on `context.settlement?.status === 'paid'`.
   */
  onCallback?: CallbackHandler;
  /**
   * Takes each settlement change out durably before its callback is acknowledged (the service's signed webhooks): a
   * rejection answers CoinsPaid 503, so it delivers the callback again.
   */
  outbox?: SettlementOutbox;
  /** Hooks for metrics: rate cache hits, open streams, callbacks and settlements. */
  observer?: ProxyObserver;
  /**
   * Enables `POST /tokens`: the merchant's backend (in any language) mints checkout tokens over HTTP with
   * `Authorization: Bearer <merchantApiKey>`. Absent → the route does not exist. At least 32 characters.
   */
  merchantApiKey?: string;
  /**
   * How far short (percent of the price) an order may be paid and still count as paid; default "0": paid means worth
   * the price to the smallest unit of its currency. A shop that would rather not chase a wallet's deducted network
   * fee sets e.g. "1".
   */
  underpaymentTolerancePercent?: string;
  /** How long after a rate window ended its rate still values a payment (the customer copied the amount just before
   * it refreshed); default 120 s. */
  rateGraceSeconds?: number;
  /** Payment Terminal `client_id`. */
  terminalClientId: number;
  terminalBaseUrl?: string;
  clock?: Clock;
  /** SSE heartbeat interval; default 20 s. */
  heartbeatMs?: number;
  /** Bounds on open status streams: per process (default 10,000), per client address (50), per checkout (10). */
  streams?: StreamLimitOptions;
  /** A status stream ends after this long and the browser reconnects with Last-Event-ID; default 15 minutes. */
  streamMaxAgeMs?: number;
  /** Creations (addresses, invoices, futures confirmations, terminal links) per IP per minute; default 20. */
  createLimitPerMinute?: number;
  /** Upstream exchange/calculate calls per minute for this store (fleet); default 25 (CoinsPaid allows 30). */
  rateCallsPerMinute?: number;
  /**
   * Rates nobody was shown yet (a new pair or amount bucket) one client address may cause a minute; default 8. The
   * shared budget keeps 10 of its calls a minute for refreshing the rates customers are shown.
   */
  newRatesPerClientPerMinute?: number;
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

/** The package's own script build: dist/script/ beside dist/server/ (this file is src|dist/server/proxy/options). */
export const DEFAULT_SCRIPT_DIR = new URL('../../../dist/script/', import.meta.url);

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
 * Checks the options and makes what the routes share. Throws TypeError for options that could only fail later, on a
 * customer's request: a short token secret, an allow-list entry that is not a bare origin.
 */
export function createProxyContext(options: TerminalProxyOptions): ProxyContext {
  const tokenSecret = options.tokenSecret;
  if (new TextEncoder().encode(tokenSecret).length < 32) throw new TypeError('createTerminalProxy: tokenSecret must be at least 32 bytes');
  // The allow-list goes into headers (CORS, CSP frame-ancestors) verbatim: bare origins only, never '*' or a path.
  for (const origin of options.allowedOrigins) {
    if (!isBareOrigin(origin))
      throw new TypeError(
        `createTerminalProxy: allowedOrigins must be bare origins such as https://shop.example, not ${JSON.stringify(origin)}`,
      );
  }
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MemoryStore({ clock });
  const client =
    options.client ??
    new CoinsPaidClient({ baseUrl: options.baseUrl ?? COINSPAID_PRODUCTION_URL, apiKey: options.apiKey, apiSecret: options.apiSecret });
  const verify = createTokenVerifier(tokenSecret);
  const clientIp = options.clientIp ?? socketIp;
  const createLimit = options.createLimitPerMinute ?? 20;
  const tolerance = options.underpaymentTolerancePercent ?? '0';
  if (!/^\d{1,2}(\.\d{1,4})?$/.test(tolerance))
    throw new TypeError(
      `createTerminalProxy: underpaymentTolerancePercent must be a decimal string from "0" to "99.9999", not ${JSON.stringify(tolerance)}`,
    );
  if (options.merchantApiKey !== undefined && options.merchantApiKey.length < 32)
    throw new TypeError('createTerminalProxy: merchantApiKey must be at least 32 characters');
  const grace = options.rateGraceSeconds ?? 120;
  if (!Number.isInteger(grace) || grace < 0 || grace > 3600)
    throw new TypeError('createTerminalProxy: rateGraceSeconds must be a whole number of seconds from 0 to 3600');
  const rates = new RateCache({
    client,
    store,
    clock,
    callsPerMinute: options.rateCallsPerMinute ?? 25,
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.newRatesPerClientPerMinute ? { newRatesPerClientPerMinute: options.newRatesPerClientPerMinute } : {}),
  });
  const catalogue = new CurrencyCatalogue({ client, store, clock });
  return {
    client,
    store,
    clock,
    rates,
    catalogue,
    streams: new StreamLimits(options.streams),
    ledger: new CheckoutLedger({ store, tolerancePercent: tolerance, graceSeconds: grace }),
    pricing: marketPricing(rates, catalogue),
    settings: {
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      tokenSecret,
      allowedOrigins: options.allowedOrigins,
      terminalClientId: options.terminalClientId,
      terminalBaseUrl: options.terminalBaseUrl ?? TERMINAL_BASE_URL,
      heartbeatMs: options.heartbeatMs ?? 20_000,
      streamMaxAgeMs: options.streamMaxAgeMs ?? 15 * 60_000,
      maxBodyBytes: options.maxBodyBytes ?? 8 * 1024,
      embedScripts: scriptDirUrl(options.embedScripts),
      ...(options.onCallback ? { onCallback: options.onCallback } : {}),
      ...(options.outbox ? { outbox: options.outbox } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
      ...(options.merchantApiKey ? { merchantApiKey: options.merchantApiKey } : {}),
    },
    verifyToken: (token) => verify(token, Math.floor(clock.now() / 1000)),
    follow: (channel) => followHandle(tokenSecret, channel),
    limit: (name) => perIpLimit(store, name, createLimit, clientIp),
    clientIp,
  };
}
