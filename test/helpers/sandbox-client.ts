/**
 * Raw calls to a sandbox, for tests that need to send what the typed client never would. Requests are signed with
 * node:crypto, independently of the project's own signing code, so the tests check the sandbox against CoinsPaid's
 * rule and not against itself.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

/** The credentials the sandbox test harness starts its sandboxes with. */
export const apiKey = 'sandbox-test-key';
export const apiSecret = 'sandbox-test-secret';

/** CoinsPaid's signature: lowercase hex HMAC-SHA512 of the exact body bytes, keyed with the secret. */
export function sign(secret: string, body: string | Uint8Array): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

export interface Answer {
  status: number;
  text: string;
  json: unknown;
  contentType: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, contentType: response.headers.get('content-type') ?? '' };
}

export interface CallOptions {
  /** The X-Processing-Key to send (null: none). Default the test key. */
  key?: string | null;
  /** Signs with this secret instead of the test secret. */
  secret?: string;
  /** The X-Processing-Signature to send as is (null: none). Default the body's signature. */
  signature?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Signed POST to `<base>/api/v2/<endpoint>`; a string body is sent (and signed) as is. */
export async function callApi(base: string, endpoint: string, body: unknown = {}, options: CallOptions = {}): Promise<Answer> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
  const key = options.key === undefined ? apiKey : options.key;
  const signature = options.signature === undefined ? sign(options.secret ?? apiSecret, payload) : options.signature;
  if (key !== null) headers['X-Processing-Key'] = key;
  if (signature !== null) headers['X-Processing-Signature'] = signature;
  return answer(
    await fetch(`${base}/api/v2/${endpoint}`, {
      method: 'POST',
      headers,
      body: payload,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
}

/** A call to the control API at `<base>/control/<path>`; a string body is sent as is. */
export async function callControl(base: string, path: string, body?: unknown, method = 'POST'): Promise<Answer> {
  return answer(
    await fetch(`${base}/control/${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
}

/** `data` of a JSON answer, asserting the status first (the body is in the failure message). */
export function dataOf<T>(a: Answer, status = 200): T {
  assert.equal(a.status, status, a.text);
  return (a.json as { data: T }).data;
}

export function errorsOf(a: Answer): Record<string, string> {
  return ((a.json as { errors?: Record<string, string> } | undefined)?.errors ?? {}) as Record<string, string>;
}

/** A valid invoices/create body. */
export const invoiceBody = (foreign_id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  timer: true,
  title: 'Order 164',
  currency: 'EUR',
  amount: '106.75',
  foreign_id,
  url_success: 'https://shop.example/ok',
  url_failed: 'https://shop.example/failed',
  email_user: 'customer@shop.example',
  ...extra,
});
