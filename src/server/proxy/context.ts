import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../core/clock.js';
import type { FollowHandle } from '../../core/wire.js';
import type { CoinsPaidClient } from '../coinspaid/client.js';
import type { ProxyStore } from '../store/types.js';
import type { CurrencyCatalogue } from './catalogue.js';
import type { CheckoutLedger, PricingContext } from './checkouts.js';
import type { CallbackHandler } from './callbacks.js';
import type { ProxyObserver, SettlementOutbox } from './observer.js';
import type { Channel } from './follow.js';
import type { RateCache } from './rates.js';
import type { StreamLimits } from './stream-limits.js';
import type { VerifiedCheckout } from './tokens.js';

/** The proxy app's Hono environment: routes behind `requireToken` read the verified checkout from `c.var.checkout`. */
export type ProxyEnv = { Variables: { checkout: VerifiedCheckout } };

/** The proxy's options with their defaults applied and checked (see TerminalProxyOptions). */
export interface ProxySettings {
  apiKey: string;
  apiSecret: string;
  /** Verifies checkout tokens and signs follow capabilities. */
  tokenSecret: string;
  allowedOrigins: readonly string[];
  terminalClientId: number;
  terminalBaseUrl: string;
  heartbeatMs: number;
  /** A status stream ends after this long and the browser reconnects (see follow.ts). */
  streamMaxAgeMs: number;
  maxBodyBytes: number;
  /** The element's script build that /embed serves: a directory URL ending in `/`. */
  embedScripts: URL;
  onCallback?: CallbackHandler;
  outbox?: SettlementOutbox;
  observer?: ProxyObserver;
  /** Set → `POST /tokens` exists. */
  merchantApiKey?: string;
}

/**
 * What every route group of the proxy shares, made once by createTerminalProxy: the upstream client, the shared
 * state, the clock, the caches in front of CoinsPaid, and the settings. Route modules take it as their one argument.
 */
export interface ProxyContext {
  readonly client: CoinsPaidClient;
  readonly store: ProxyStore;
  readonly clock: Clock;
  readonly rates: RateCache;
  readonly catalogue: CurrencyCatalogue;
  /** Every checkout's record and settlement: the one source of truth for what an order expects and what arrived. */
  readonly ledger: CheckoutLedger;
  /** Market prices and deposit rules, for valuing payments and judging remainders. */
  readonly pricing: PricingContext;
  readonly settings: Readonly<ProxySettings>;
  /** Bounds on open status streams (per process, per client, per checkout). */
  readonly streams: StreamLimits;
  /** Verifies a checkout token at the clock's time (remembering verified tokens until they expire). */
  verifyToken(token: string | undefined | null): Promise<VerifiedCheckout>;
  /** How the widget follows a payment channel: a capability signed with the token secret. */
  follow(channel: Channel): FollowHandle;
  /** The per-IP limit on creating things, one bucket per `name`. */
  limit(name: string): MiddlewareHandler;
  /** The client's address (the socket's, or the merchant's `clientIp`): who is charged for new upstream calls. */
  clientIp(c: Context): string;
}
