/**
 * Typed failures of CoinsPaid calls. Each carries what a caller needs to decide what to do next:
 * fix the input (validation), fix the credentials (authentication), wait (rate limited) or try later (unavailable).
 */
export class CoinsPaidError extends Error {
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** The endpoint path, e.g. `exchange/calculate`. */
  readonly endpoint: string;

  constructor(message: string, endpoint: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.endpoint = endpoint;
    this.status = status;
  }
}

/** 400: CoinsPaid rejected the input. `errors` maps each field to CoinsPaid's message. */
export class CoinsPaidValidationError extends CoinsPaidError {
  readonly errors: Record<string, string>;
  constructor(endpoint: string, errors: Record<string, string>, status = 400) {
    super(
      `CoinsPaid rejected ${endpoint}: ${Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
      endpoint,
      status,
    );
    this.errors = errors;
  }
}

/** 401/403: wrong API key or signature. Retrying does not help. */
export class CoinsPaidAuthError extends CoinsPaidError {
  /** CoinsPaid's `code`, when it sent one. */
  readonly code: string | undefined;
  constructor(endpoint: string, status: number, message: string, code?: string) {
    super(`CoinsPaid refused the credentials for ${endpoint}: ${message}`, endpoint, status);
    this.code = code;
  }
}

/** 429: too many requests (exchange/calculate allows 30 a minute per IP). The body is often not JSON. */
export class CoinsPaidRateLimitError extends CoinsPaidError {
  /** How long to wait before the next call, from `Retry-After` or CoinsPaid's documented one minute. */
  readonly retryAfterMs: number;
  /** The answer's body as text (e.g. Cloudflare's `error code: 1015`). */
  readonly body: string;
  constructor(endpoint: string, retryAfterMs: number, body: string) {
    super(`CoinsPaid rate-limited ${endpoint}; retry after ${Math.ceil(retryAfterMs / 1000)} s`, endpoint, 429);
    this.retryAfterMs = retryAfterMs;
    this.body = body;
  }
}

export type UnavailableReason = 'http_error' | 'timeout' | 'network' | 'invalid_response';

/** CoinsPaid could not be reached or answered something unusable: 5xx, timeout, refused connection, non-JSON. */
export class CoinsPaidUnavailableError extends CoinsPaidError {
  readonly reason: UnavailableReason;
  constructor(endpoint: string, reason: UnavailableReason, message: string, status?: number, options?: ErrorOptions) {
    super(`CoinsPaid ${endpoint} unavailable (${reason}): ${message}`, endpoint, status, options);
    this.reason = reason;
  }
}
