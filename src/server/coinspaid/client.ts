import type {
  AccountBalance,
  CryptoAddress,
  CurrenciesListRequest,
  Currency,
  CurrencyPair,
  Exchange,
  ExchangeCalculateRequest,
  ExchangeCalculation,
  ExchangeFixedRequest,
  ExchangeNowRequest,
  FuturesConfirmation,
  FuturesConfirmRequest,
  FuturesRates,
  FuturesRatesRequest,
  Invoice,
  InvoiceCreateRequest,
  PairsRequest,
  RatesRequest,
  TakeAddressRequest,
  Withdrawal,
  WithdrawalRequest,
} from '../../core/api-types.js';
import {
  CoinsPaidAuthError,
  CoinsPaidError,
  CoinsPaidRateLimitError,
  CoinsPaidUnavailableError,
  CoinsPaidValidationError,
} from './errors.js';
import { isRecord, parseJsonWithDecimalAmounts } from './json.js';
import { signPayload } from './sign.js';

export const COINSPAID_PRODUCTION_URL = 'https://app.cryptoprocessing.com/api/v2';
export const COINSPAID_SANDBOX_URL = 'https://app.sandbox.cryptoprocessing.com/api/v2';

/** CoinsPaid documents one minute of silence after its rate limit trips. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface CoinsPaidClientOptions {
  /** API root including `/api/v2`, e.g. COINSPAID_PRODUCTION_URL or the embedded sandbox's `http://…/sandbox/api/v2`. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Per-request time limit; default 15 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export type Endpoint =
  | 'ping'
  | 'currencies/list'
  | 'currencies/pairs'
  | 'currencies/rates'
  | 'accounts/list'
  | 'addresses/take'
  | 'withdrawal/crypto'
  | 'exchange/calculate'
  | 'exchange/fixed'
  | 'exchange/now'
  | 'futures/rates'
  | 'futures/confirm'
  | 'invoices/create';

/**
 * Whether repeating a call after a failure whose outcome is unknown (timeout, 5xx) can do harm.
 * - `read`: changes nothing (mind exchange/calculate's 30 a minute).
 * - `idempotent`: addresses/take returns the same address for the same foreign_id, currency and convert_to.
 * - `same-foreign-id`: CoinsPaid rejects a second request with a used foreign_id ("has already been taken"), so a
 *   retry with the *same* foreign_id cannot execute twice — but it answers 400, so check the outcome by callback.
 * - `unsafe`: futures/confirm has no foreign_id; a repeat may confirm again. Never retry it automatically.
 * The client itself never retries; this table is for callers that do.
 */
export const RETRY_SAFETY: Readonly<Record<Endpoint, 'read' | 'idempotent' | 'same-foreign-id' | 'unsafe'>> = {
  ping: 'read',
  'currencies/list': 'read',
  'currencies/pairs': 'read',
  'currencies/rates': 'read',
  'accounts/list': 'read',
  'exchange/calculate': 'read',
  'futures/rates': 'read',
  'addresses/take': 'idempotent',
  'withdrawal/crypto': 'same-foreign-id',
  'exchange/fixed': 'same-foreign-id',
  'exchange/now': 'same-foreign-id',
  'invoices/create': 'same-foreign-id',
  'futures/confirm': 'unsafe',
};

/** The typed CoinsPaid API v2 client. One method per endpoint; each resolves to the answer's `data`. */
export class CoinsPaidClient {
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: CoinsPaidClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('CoinsPaidClient: baseUrl must be http(s)');
    if (!options.apiKey || !options.apiSecret) throw new TypeError('CoinsPaidClient: apiKey and apiSecret are required');
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#apiSecret = options.apiSecret;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Checks that the API is up. Resolves to true; throws like every other call otherwise. */
  async ping(options?: CallOptions): Promise<true> {
    await this.#call('ping', undefined, options, 'GET');
    return true;
  }

  currenciesList(request: CurrenciesListRequest = {}, options?: CallOptions): Promise<Currency[]> {
    return this.#call('currencies/list', request, options);
  }

  currenciesPairs(request: PairsRequest = {}, options?: CallOptions): Promise<CurrencyPair[]> {
    return this.#call('currencies/pairs', request, options);
  }

  currenciesRates(request: RatesRequest = {}, options?: CallOptions): Promise<CurrencyPair[]> {
    return this.#call('currencies/rates', request, options);
  }

  accountsList(options?: CallOptions): Promise<AccountBalance[]> {
    return this.#call('accounts/list', {}, options);
  }

  takeAddress(request: TakeAddressRequest, options?: CallOptions): Promise<CryptoAddress> {
    return this.#call('addresses/take', request, options);
  }

  withdrawCrypto(request: WithdrawalRequest, options?: CallOptions): Promise<Withdrawal> {
    return this.#call('withdrawal/crypto', request, options);
  }

  /** Limited by CoinsPaid to 30 calls a minute per IP: cache and coalesce (the proxy does). */
  exchangeCalculate(request: ExchangeCalculateRequest, options?: CallOptions): Promise<ExchangeCalculation> {
    return this.#call('exchange/calculate', request, options);
  }

  exchangeFixed(request: ExchangeFixedRequest, options?: CallOptions): Promise<Exchange> {
    return this.#call('exchange/fixed', request, options);
  }

  exchangeNow(request: ExchangeNowRequest, options?: CallOptions): Promise<Exchange> {
    return this.#call('exchange/now', request, options);
  }

  futuresRates(request: FuturesRatesRequest, options?: CallOptions): Promise<FuturesRates> {
    return this.#call('futures/rates', request, options);
  }

  futuresConfirm(request: FuturesConfirmRequest, options?: CallOptions): Promise<FuturesConfirmation> {
    return this.#call('futures/confirm', request, options);
  }

  createInvoice(request: InvoiceCreateRequest, options?: CallOptions): Promise<Invoice> {
    return this.#call('invoices/create', request, options);
  }

  async #call<T>(
    endpoint: Endpoint,
    body: object | undefined,
    options: CallOptions | undefined,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<T> {
    const response = await this.#send(endpoint, body, options?.signal, method);
    const text = await readText(response, endpoint);
    if (!response.ok) throw errorFor(endpoint, response, text);
    if (endpoint === 'ping') return undefined as T;
    let parsed: unknown;
    try {
      parsed = parseJsonWithDecimalAmounts(text);
    } catch (cause) {
      throw new CoinsPaidUnavailableError(endpoint, 'invalid_response', 'the answer is not JSON', response.status, { cause });
    }
    if (!isRecord(parsed) || !('data' in parsed)) {
      throw new CoinsPaidUnavailableError(endpoint, 'invalid_response', 'the answer has no `data`', response.status);
    }
    return parsed['data'] as T;
  }

  async #send(endpoint: Endpoint, body: object | undefined, signal: AbortSignal | undefined, method: 'GET' | 'POST'): Promise<Response> {
    const headers: Record<string, string> = { 'X-Processing-Key': this.#apiKey, Accept: 'application/json' };
    let payload: string | undefined;
    if (method === 'POST') {
      // Serialized once: these exact bytes are signed and sent.
      payload = JSON.stringify(body ?? {});
      headers['Content-Type'] = 'application/json';
      headers['X-Processing-Signature'] = signPayload(this.#apiSecret, payload);
    }
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.#fetch(`${this.#baseUrl}/${endpoint}`, { method, headers, body: payload, signal: combined });
    } catch (cause) {
      if (signal?.aborted) throw signal.reason ?? cause;
      if (timeout.aborted) {
        throw new CoinsPaidUnavailableError(endpoint, 'timeout', `no answer within ${this.#timeoutMs} ms`, undefined, { cause });
      }
      throw new CoinsPaidUnavailableError(endpoint, 'network', cause instanceof Error ? cause.message : String(cause), undefined, {
        cause,
      });
    }
  }
}

async function readText(response: Response, endpoint: Endpoint): Promise<string> {
  try {
    return await response.text();
  } catch (cause) {
    throw new CoinsPaidUnavailableError(endpoint, 'network', 'the answer was cut off', response.status, { cause });
  }
}

function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFor(endpoint: Endpoint, response: Response, text: string): CoinsPaidError {
  const status = response.status;
  const body = parseJsonQuietly(text);
  if (status === 429) return new CoinsPaidRateLimitError(endpoint, retryAfterMs(response.headers.get('retry-after')), text);
  if (status === 401 || status === 403) {
    const message = isRecord(body) && typeof body['error'] === 'string' ? body['error'] : text.slice(0, 200) || 'forbidden';
    const code = isRecord(body) && typeof body['code'] === 'string' ? body['code'] : undefined;
    return new CoinsPaidAuthError(endpoint, status, message, code);
  }
  if (status >= 500) return new CoinsPaidUnavailableError(endpoint, 'http_error', `HTTP ${status}`, status);
  if (isRecord(body) && isRecord(body['errors'])) return new CoinsPaidValidationError(endpoint, stringifyErrors(body['errors']), status);
  if (status === 400 || status === 422)
    return new CoinsPaidValidationError(endpoint, { request: text.slice(0, 200) || `HTTP ${status}` }, status);
  return new CoinsPaidError(`CoinsPaid ${endpoint} answered HTTP ${status}`, endpoint, status);
}

/** CoinsPaid's messages are strings, but some validators answer arrays of them. */
function stringifyErrors(errors: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field, Array.isArray(message) ? message.map(String).join(' ') : String(message)]),
  );
}

/** `Retry-After` as seconds or an HTTP date; CoinsPaid's one minute when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}
