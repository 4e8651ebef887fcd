import type {
  AddressGrant,
  AddressRequest,
  FuturesConfirmBody,
  FuturesGrant,
  FuturesRatesGrant,
  InvoiceGrant,
  InvoiceRequest,
  PaymentPoll,
  ProxyErrorBody,
  RateQuote,
  TerminalUrlGrant,
  TerminalUrlRequest,
  WidgetConfig,
} from '../core/wire.js';
import { TerminalError, type TerminalErrorCode } from './errors.js';
import { strings } from './strings.js';

/**
 * The widget's side of the wire contract (src/core/wire.ts): one method per route, the checkout token as a bearer
 * token, an AbortSignal on every call, and the proxy's `{errors, code}` answers turned into TerminalError.
 */
export class ProxyClient {
  /**
   * What the checkout token says of itself, read without verifying it (the proxy does): enough to ask for a rate
   * before /config has answered. Empty when the token is not a JWT.
   */
  readonly claims: { amount_currency?: unknown };
  private readonly base: string;
  private readonly token: string;
  /** Requests started before their caller asked (prefetchRate, prefetchAddress), by method, path and body. */
  private readonly early = new Map<string, Promise<unknown>>();

  /** `base` is the proxy's mount point, e.g. `https://shop.example/coinspaid`. */
  constructor(base: string, token: string) {
    // Relative routes (and the follow handle's relative URLs) resolve under the mount point, not beside it.
    this.base = new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI).href;
    this.token = token;
    try {
      this.claims = Object(JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))));
    } catch {
      this.claims = {};
    }
  }

  /** Asks for the rate now: the next `rate(from, to)` takes this answer. */
  prefetchRate(from: string, to: string): void {
    this.prefetch('GET', rates(from, to));
  }

  /** Asks for the address now: the next `address(body)` with the same body takes this answer. */
  prefetchAddress(body: AddressRequest): void {
    this.prefetch('POST', 'addresses', body);
  }

  /** An absolute URL for a route or a FollowHandle's relative URL. */
  url(path: string): string {
    return new URL(path, this.base).href;
  }

  config(signal?: AbortSignal): Promise<WidgetConfig> {
    return this.request('GET', 'config', undefined, signal);
  }

  rate(from: string, to: string, signal?: AbortSignal): Promise<RateQuote> {
    return this.request('GET', rates(from, to), undefined, signal);
  }

  address(body: AddressRequest, signal?: AbortSignal): Promise<AddressGrant> {
    return this.request('POST', 'addresses', body, signal);
  }

  /** The token's invoice (the same one on every call: one invoice per checkout). */
  invoice(body: InvoiceRequest, signal?: AbortSignal): Promise<InvoiceGrant> {
    return this.request('POST', 'invoices', body, signal);
  }

  futuresRates(currency: string, signal?: AbortSignal): Promise<FuturesRatesGrant> {
    return this.request('POST', 'futures/rates', { currency }, signal);
  }

  futuresConfirm(body: FuturesConfirmBody, signal?: AbortSignal): Promise<FuturesGrant> {
    return this.request('POST', 'futures/confirm', body, signal);
  }

  terminalUrl(body: TerminalUrlRequest, signal?: AbortSignal): Promise<TerminalUrlGrant> {
    return this.request('POST', 'terminal-url', body, signal);
  }

  /** Events after `after` of a followed payment (authorized by the capability inside `pollUrl`, not the token). */
  poll(pollUrl: string, after: string | null, signal?: AbortSignal): Promise<PaymentPoll> {
    const url = new URL(this.url(pollUrl));
    if (after !== null) url.searchParams.set('after', after);
    return send(url.href, { signal: signal ?? null, headers: {} });
  }

  private prefetch(method: 'GET' | 'POST', path: string, body?: unknown): void {
    const key = `${method} ${path} ${JSON.stringify(body)}`;
    if (this.early.has(key)) return;
    const answer = this.call(method, path, body);
    answer.catch(() => {}); // a failure is the caller's to see, if it asks
    this.early.set(key, answer);
  }

  /** The answer asked for early, once (success or failure: what the same request now would answer), else a new one. */
  private request<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const key = `${method} ${path} ${JSON.stringify(body)}`;
    const early = this.early.get(key) as Promise<T> | undefined;
    this.early.delete(key);
    return early ?? this.call(method, path, body, signal);
  }

  private call<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return send(this.url(path), { method, headers, signal: signal ?? null, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }
}

const rates = (from: string, to: string) => `rates?${new URLSearchParams({ from, to })}`;

async function send<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    // An abort is the caller's decision, not a failure to show.
    if (init.signal?.aborted) throw error;
    throw new TerminalError('proxy_unreachable', strings.errors.proxy_unreachable);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    if (init.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
    throw new TerminalError(
      response.ok ? 'unexpected_response' : 'proxy_unreachable',
      strings.errors.unexpected_response,
      {},
      response.status,
    );
  }
  if (response.ok) return json as T;
  throw proxyError(json, response.status);
}

function isErrorBody(value: unknown): value is ProxyErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ProxyErrorBody).code === 'string' &&
    typeof (value as ProxyErrorBody).errors === 'object'
  );
}

/** The proxy's answer as a TerminalError; refusals about the currency get their own, clearer code. */
export function proxyError(body: unknown, status: number): TerminalError {
  if (!isErrorBody(body)) return new TerminalError('unexpected_response', strings.errors.unexpected_response, {}, status);
  const errors = body.errors ?? {};
  const aboutCurrency = 'currency' in errors || 'sender_currency' in errors;
  let code: TerminalErrorCode = body.code in strings.errors ? (body.code as TerminalErrorCode) : 'unexpected_response';
  if (aboutCurrency && (code === 'forbidden_by_token' || code === 'validation')) code = 'currency_not_allowed';
  return new TerminalError(code, strings.errors[code], errors, status);
}
