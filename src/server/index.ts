/**
 * `coinspaid-terminal/server`: everything that runs on the merchant's server — the typed CoinsPaid API v2 client,
 * request signing, callback verification, Payment Terminal URLs, the proxy and its checkout tokens, the stores, the
 * sandbox emulator, the server configuration and createServerApp, which wires them for one origin, the signed webhooks
 * of settlement changes (the `coinspaid-terminal` bin runs all of it as a service: src/server/service/), and
 * toNodeHandler, which serves the proxy or the sandbox from Express, Connect, Fastify or node:http.
 * Nothing here may be bundled for a browser: it handles the API secret.
 */
export * from './coinspaid/index.js';
export {
  createSandbox,
  SANDBOX_CURRENCIES,
  SANDBOX_DEMO_API_KEY,
  SANDBOX_DEMO_API_SECRET,
  SANDBOX_ENDPOINTS,
  CALLBACK_RETRY_MINUTES,
} from './sandbox/index.js';
export type { SandboxApp, SandboxOptions, CallbackDelivery } from './sandbox/index.js';
export { readConfig, ConfigError } from './config.js';
export type { ServerConfig } from './config.js';
export { createServerApp } from './app.js';
export { toNodeHandler, BODY_ALREADY_READ } from './node-handler.js';
export type { NodeHandler } from './node-handler.js';
export type { ServerApp, ServerAppConfig, ServerAppOptions } from './app.js';
export { scaledClock, systemClock } from '../core/clock.js';
export type { Clock } from '../core/clock.js';
export type * from '../core/api-types.js';
export { createTerminalProxy, createCheckoutToken, verifyCheckoutToken, CheckoutClaimsError, ProxyError } from './proxy/index.js';
export type {
  TerminalProxyOptions,
  CheckoutClaims,
  CheckoutClaimsInput,
  VerifiedCheckout,
  CallbackHandler,
  CallbackContext,
  CallbackResult,
  ProxyObserver,
  SettlementChange,
  SettlementOutbox,
  TokenGrant,
} from './proxy/index.js';
export { MemoryStore, RedisStore, StoreUnavailableError } from './store/index.js';
export type { ProxyStore, MemoryStoreOptions, RedisStoreOptions, ClaimState, NewPaymentEvent } from './store/index.js';
export type * from '../core/wire.js';
export {
  Webhooks,
  WebhookDispatcher,
  MemoryWebhookQueue,
  RedisWebhookQueue,
  WebhookSigner,
  SETTLEMENT_UPDATED,
  DEFAULT_RETRY_POLICY,
  settlementWebhookId,
  isWebhookSecret,
} from './webhooks/index.js';
export type {
  WebhooksOptions,
  WebhookQueue,
  WebhookDelivery,
  DeliveryAttempt,
  DeliveryState,
  RetryPolicy,
  SettlementWebhook,
  SettlementWebhookData,
} from './webhooks/index.js';
