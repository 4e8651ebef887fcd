import type { ProxyErrorBody, ProxyErrorCode } from '../../core/wire.js';

/**
 * An answer the proxy gives on purpose: a status, CoinsPaid-style field errors and a stable code. Thrown anywhere in a
 * route and turned into JSON in one place (the app's onError), like Hono's HTTPException.
 */
export class ProxyError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503;
  readonly code: ProxyErrorCode;
  readonly errors: Record<string, string>;
  readonly headers: Record<string, string>;

  constructor(status: ProxyError['status'], code: ProxyErrorCode, errors: Record<string, string>, headers: Record<string, string> = {}) {
    super(Object.values(errors).join(' '));
    this.name = 'ProxyError';
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.headers = headers;
  }

  body(): ProxyErrorBody {
    return { errors: this.errors, code: this.code };
  }
}
