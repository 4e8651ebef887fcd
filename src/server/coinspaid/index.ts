export { CoinsPaidClient, COINSPAID_PRODUCTION_URL, COINSPAID_SANDBOX_URL, RETRY_SAFETY, retryAfterMs } from './client.js';
export type { CallOptions, CoinsPaidClientOptions, Endpoint } from './client.js';
export {
  CoinsPaidAuthError,
  CoinsPaidError,
  CoinsPaidRateLimitError,
  CoinsPaidUnavailableError,
  CoinsPaidValidationError,
} from './errors.js';
export type { UnavailableReason } from './errors.js';
export { CallbackVerificationError, parseCallback, verifyCallback } from './callback.js';
export type { CallbackCredentials, CallbackRejection, HeaderSource } from './callback.js';
export { buildTerminalUrl, decodeTerminalUrl, TERMINAL_BASE_URL, TerminalParamsError } from './terminal-url.js';
export type { BuildTerminalUrlOptions, DecodedTerminalUrl } from './terminal-url.js';
export { signPayload, timingSafeEqualBytes, verifySignature } from './sign.js';
