import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CALLBACK_TYPES } from '../../core/api-types.js';
import type { CallbackFee, CallbackPayload, CallbackTransaction, CallbackType, CryptoAddress } from '../../core/api-types.js';
import { decimalFromNumber, isRecord } from './json.js';
import { timingSafeEqualString, verifySignature } from './sign.js';

export type CallbackRejection = 'missing_key' | 'wrong_key' | 'missing_signature' | 'bad_signature' | 'not_json' | 'invalid_payload';

/** A callback that must not be trusted or could not be read. `reason` says which check failed. */
export class CallbackVerificationError extends Error {
  readonly reason: CallbackRejection;
  constructor(reason: CallbackRejection, message: string) {
    super(message);
    this.name = 'CallbackVerificationError';
    this.reason = reason;
  }
}

export interface CallbackCredentials {
  apiKey: string;
  apiSecret: string;
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * Verifies a CoinsPaid callback on the raw bytes as received, then parses it.
 *
 * The key is compared and the HMAC-SHA512 checked in constant time *before* anything is parsed: re-encoding parsed
 * JSON does not reproduce CoinsPaid's bytes (it escapes `/` as `\/`). Parsing is lenient, as CoinsPaid's payloads
 * vary: amounts become decimal strings, `confirmations` a number, unknown fields are dropped.
 *
 * @throws CallbackVerificationError saying why the callback was refused.
 */
export function verifyCallback(rawBody: string | Uint8Array, headers: HeaderSource, credentials: CallbackCredentials): CallbackPayload {
  const key = header(headers, 'x-processing-key');
  if (!key) throw new CallbackVerificationError('missing_key', 'X-Processing-Key header is missing');
  if (!timingSafeEqualString(key, credentials.apiKey))
    throw new CallbackVerificationError('wrong_key', 'X-Processing-Key is not this merchant’s key');
  const signature = header(headers, 'x-processing-signature');
  if (!signature) throw new CallbackVerificationError('missing_signature', 'X-Processing-Signature header is missing');
  const bytes = typeof rawBody === 'string' ? utf8ToBytes(rawBody) : rawBody;
  if (!verifySignature(credentials.apiSecret, bytes, signature.trim())) {
    throw new CallbackVerificationError('bad_signature', 'X-Processing-Signature does not match the body');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new CallbackVerificationError('not_json', 'the callback body is not UTF-8 JSON');
  }
  return parseCallback(json);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

class PayloadError extends CallbackVerificationError {
  constructor(field: string, problem: string) {
    super('invalid_payload', `callback field ${field} ${problem}`);
  }
}

function decimal(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return decimalFromNumber(value);
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  throw new PayloadError(field, 'is not a decimal amount');
}

function optionalDecimal(value: unknown, field: string): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : decimal(value, field);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function nullableText(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : text(value);
}

function integer(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  throw new PayloadError(field, 'is not an integer');
}

function optionalInteger(value: unknown, field: string): number | undefined {
  return value === undefined || value === null || value === '' ? undefined : integer(value, field);
}

function cryptoAddress(value: unknown): CryptoAddress | undefined {
  if (!isRecord(value)) return undefined;
  return {
    id: integer(value['id'], 'crypto_address.id'),
    currency: text(value['currency']),
    convert_to: nullableText(value['convert_to']),
    address: text(value['address']),
    tag: nullableText(value['tag']),
    foreign_id: text(value['foreign_id']),
  };
}

function transaction(value: unknown, index: number): CallbackTransaction {
  if (!isRecord(value)) throw new PayloadError(`transactions[${index}]`, 'is not an object');
  const at = (name: string) => `transactions[${index}].${name}`;
  const tx: CallbackTransaction = {
    id: integer(value['id'], at('id')),
    currency: text(value['currency']),
    transaction_type: text(value['transaction_type']),
    type: text(value['type']),
    address: text(value['address']),
    tag: nullableText(value['tag']),
    amount: decimal(value['amount'], at('amount')),
    txid: text(value['txid']),
    // Published examples send confirmations as numbers and as strings; unreadable means none yet.
    confirmations: Number.parseInt(text(value['confirmations']), 10) || 0,
  };
  if (value['currency_to'] !== undefined && value['currency_to'] !== null) tx.currency_to = text(value['currency_to']);
  const amountTo = optionalDecimal(value['amount_to'], at('amount_to'));
  if (amountTo !== undefined) tx.amount_to = amountTo;
  if (value['riskscore'] !== undefined && value['riskscore'] !== null) tx.riskscore = text(value['riskscore']);
  return tx;
}

function fee(value: unknown, index: number): CallbackFee {
  if (!isRecord(value)) throw new PayloadError(`fees[${index}]`, 'is not an object');
  return { type: text(value['type']), currency: text(value['currency']), amount: decimal(value['amount'], `fees[${index}].amount`) };
}

function money(value: unknown, field: string) {
  if (!isRecord(value)) return undefined;
  return { currency: text(value['currency']), amount: decimal(value['amount'], `${field}.amount`) };
}

/** Normalizes an already verified callback body. Exported for tests and for callers that verified elsewhere. */
export function parseCallback(json: unknown): CallbackPayload {
  if (!isRecord(json)) throw new PayloadError('body', 'is not a JSON object');
  const type = json['type'];
  if (typeof type !== 'string' || !(CALLBACK_TYPES as readonly string[]).includes(type)) {
    throw new PayloadError('type', `is not one of ${CALLBACK_TYPES.join(', ')}`);
  }
  const status = text(json['status']);
  if (!status) throw new PayloadError('status', 'is missing');
  const address = cryptoAddress(json['crypto_address']);
  const payload: CallbackPayload = {
    id: integer(json['id'], 'id'),
    type: type as CallbackType,
    status,
    error: text(json['error']),
    // Deposits carry foreign_id inside crypto_address; withdrawals, exchanges and invoices at the top.
    foreign_id: nullableText(json['foreign_id']) ?? address?.foreign_id ?? null,
    transactions: Array.isArray(json['transactions']) ? json['transactions'].map(transaction) : [],
    fees: Array.isArray(json['fees']) ? json['fees'].map(fee) : [],
  };
  if (address) payload.crypto_address = address;
  const sent = money(json['currency_sent'], 'currency_sent');
  if (sent) {
    const remaining = optionalDecimal(
      (json['currency_sent'] as Record<string, unknown>)['remaining_amount'],
      'currency_sent.remaining_amount',
    );
    payload.currency_sent = remaining === undefined ? sent : { ...sent, remaining_amount: remaining };
  }
  const received = money(json['currency_received'], 'currency_received');
  if (received) {
    const net = optionalDecimal(
      (json['currency_received'] as Record<string, unknown>)['amount_minus_fee'],
      'currency_received.amount_minus_fee',
    );
    payload.currency_received = net === undefined ? received : { ...received, amount_minus_fee: net };
  }
  const fixedAt = optionalInteger(json['fixed_at'], 'fixed_at');
  if (fixedAt !== undefined) payload.fixed_at = fixedAt;
  const expiresAt = optionalInteger(json['expires_at'], 'expires_at');
  if (expiresAt !== undefined) payload.expires_at = expiresAt;
  if (typeof json['end_user_reference'] === 'string') payload.end_user_reference = json['end_user_reference'];
  return payload;
}
