import type { Context } from 'hono';
import * as v from 'valibot';
import { MAX_FOREIGN_ID_LENGTH } from '../../core/terminal-params.js';
import { CURRENCY_CODE, isHttpUrl, isPositiveDecimal } from '../../core/validators.js';
import { ProxyError } from './errors.js';

/** Building blocks shared by the proxy's request schemas and the checkout token's claims. */
export const currencyCode = v.pipe(v.string('must be a currency code'), v.regex(CURRENCY_CODE, 'must be a currency code such as BTC'));
export const decimalAmount = v.pipe(
  v.string('must be a decimal string such as "106.75"'),
  v.check(isPositiveDecimal, 'must be a positive decimal string such as "106.75"'),
);
export const httpUrl = v.pipe(
  v.string('must be a URL'),
  v.maxLength(2048, 'is too long'),
  v.check(isHttpUrl, 'must be an https: or http: URL'),
);
export const foreignId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'is required'),
  v.maxLength(MAX_FOREIGN_ID_LENGTH, 'is too long'),
);

/** The merchant's order number: printable ASCII without spaces, as shops number orders (`1042`, `INV-2026/77`). */
export const orderId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'is required'),
  v.maxLength(64, 'is too long (64 characters at most)'),
  v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
);

/** Field errors keyed like CoinsPaid's (`{"convert_to": "…"}`), one message per field. */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    if (!issue.path?.length) {
      errors['body'] ??= 'The request must be a JSON object with the documented fields.';
      continue;
    }
    const path = issue.path.map((p) => String(p.key)).join('.');
    // An unknown key in a strict object: say so plainly rather than valibot's "Expected never".
    const message = issue.expected === 'never' ? 'is not allowed here' : issue.received === 'undefined' ? 'is required' : issue.message;
    errors[path] ??= `The ${path.replace(/_/g, ' ')} ${message}`.replace(/\.$/, '') + '.';
  }
  return errors;
}

/** Parses input with a schema or throws a 400 with field errors. */
export function parseOr400<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new ProxyError(400, 'validation', fieldErrors(result.issues));
  return result.output;
}

/** A request's JSON body as an object; an empty body is `{}` (every field optional or refused by the schema). */
export async function jsonBody(c: Context): Promise<unknown> {
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
