import type { ProxyErrorCode } from '../core/wire.js';
import { strings } from './strings.js';

/**
 * Stable codes of `coinspaid-error` and of the error view: the proxy's own codes as the widget can meet them, plus
 * what only the widget can tell (the proxy cannot be reached, the amount is under the minimum, …). Merchants may
 * branch on these; the messages are for people and may change.
 */
export type TerminalErrorCode =
  | Exclude<ProxyErrorCode, 'callback_rejected' | 'callback_in_progress' | 'callback_handler_failed'>
  /** The network request failed: offline, DNS, a closed port, or CORS refused this page's origin. */
  | 'proxy_unreachable'
  /** No `proxy` attribute, or a mode this version does not know. */
  | 'misconfigured'
  /** The chosen currency is not among those the token, the attribute and CoinsPaid allow. */
  | 'currency_not_allowed'
  /** The price converts to less than the currency's minimum deposit. */
  | 'amount_below_minimum'
  /** The proxy answered something that is not its wire format. */
  | 'unexpected_response'
  /** Futures mode: the amount is above CoinsPaid's limit for fixed rates (10,000 EUR). */
  | 'amount_above_limit'
  /** The terminal URL is not https: or http:. */
  | 'unsafe_url'
  /**
   * The address to pay failed the element's own check against its currency (format, checksum, network, test network,
   * a missing tag, invisible or bidirectional characters): it is not shown. The console says why.
   */
  | 'invalid_address';

const RETRYABLE: ReadonlySet<TerminalErrorCode> = new Set([
  'proxy_unreachable',
  'rate_unavailable',
  'rate_limited',
  'upstream_unavailable',
  'unexpected_response',
]);

/** A failure the element shows as a state and reports in `coinspaid-error`. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  constructor(
    readonly code: TerminalErrorCode,
    message: string,
    /** CoinsPaid-style field errors from the proxy, when it sent any. */
    readonly errors: Readonly<Record<string, string>> = {},
    /** HTTP status of the proxy's answer; null when there was none. */
    readonly status: number | null = null,
  ) {
    super(message);
  }

  /** Trying again may help (network, busy upstream, no rate yet). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** What a failed request becomes on screen: its TerminalError, or "unexpected response" for anything else thrown. */
export function asTerminalError(error: unknown): TerminalError {
  return error instanceof TerminalError ? error : new TerminalError('unexpected_response', strings.errors.unexpected_response);
}
