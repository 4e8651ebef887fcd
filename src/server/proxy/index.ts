export { createTerminalProxy } from './app.js';
export type { TerminalProxyOptions } from './options.js';
export { createCheckoutToken, verifyCheckoutToken, CheckoutClaimsError, CheckoutClaimsSchema } from './tokens.js';
export type { CheckoutClaims, CheckoutClaimsInput, VerifiedCheckout } from './tokens.js';
export type { CallbackHandler, CallbackContext } from './callbacks.js';
export { ProxyError } from './errors.js';
export { RateCache, amountBucket } from './rates.js';
export { issueCapability, openCapability } from './follow.js';
export type { StreamLimitOptions } from './stream-limits.js';
