import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CoinsPaidAuthError, CoinsPaidError, CoinsPaidRateLimitError, CoinsPaidValidationError } from '../coinspaid/errors.js';
import { StoreUnavailableError } from '../store/errors.js';
import { CheckoutConflictError } from './checkouts.js';
import { ProxyError } from './errors.js';

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

/** The proxy's one error handler: every thrown error becomes a `{"errors": …, "code": …}` answer here. */
export const onProxyError: ErrorHandler = (error, c) => {
  if (error instanceof ProxyError) return c.json(error.body(), error.status, error.headers);
  if (error instanceof CheckoutConflictError)
    return c.json({ errors: { amount: 'This order was already paid in part for another amount.' }, code: 'order_conflict' }, 409);
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
};
