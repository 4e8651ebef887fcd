/**
 * The sandbox control API, under /control: plays the customer (and CoinsPaid's back office) for demos and tests.
 * Unauthenticated by design — it is the sandbox. Every answer is JSON; bad input is a 400 with field errors.
 *
 *   POST   /control/deposits                {address, tag?, amount | expected_amount [+ fraction | remainder],
 *                                            outcome?: confirmed|cancelled|pending, after_seconds?, confirmations?, txid?}
 *            → 201 {data:{transaction_id, callback_id, txid, amount, currency, seen_at, expected_amount?, paid_amount?,
 *              remaining_amount?, callback}} (callback_id: the callbacks' root id; transaction_id: their transactions[0].id;
 *              amounts padded as CoinsPaid writes them; callback: what became of the callback this call sent, see
 *              CallbackReport); sends not_confirmed when seen (now or after_seconds later),
 *              the outcome after the confirmation delay (pending: never, until settled). Currency comes from the
 *              address; tagged addresses need their tag; exchange addresses convert at the rate of the window the
 *              transaction is seen in.
 *   POST   /control/deposits/:id/settle     {outcome: confirmed|cancelled}: ends a pending deposit (:id either of its ids);
 *                                            answers with `callback` too
 *   GET    /control/stats                   → request counts per API endpoint, e.g. {"exchange/calculate": 12}
 *   POST   /control/invoices/:id/pay        {outcome?: confirmed|mempool|underpaid|overpaid|failed|cancelled, currency?,
 *                                            amount? | fraction? | remainder?, after_seconds?, txid?}: one transaction
 *   POST   /control/invoices/:id/expire     fails an unpaid invoice now ("Timer expired. User not paid.")
 *   GET    /control/invoices/:id            the invoice as the sandbox sees it
 *   POST   /control/withdrawals/:id/settle  {outcome: confirmed|cancelled}
 *   POST   /control/config                  {callback_url?: string|null, duplicate_callbacks?: boolean}
 *   POST   /control/faults                  {endpoint: "<api path>"|"*", kind: latency|5xx|timeout|malformed_json|html_429,
 *                                            ms?, count?}  (count: requests affected; default: until cleared)
 *   GET    /control/faults, DELETE /control/faults
 *   GET    /control/callbacks               delivery log: url, body, attempts with HTTP status, next retry
 *   POST   /control/address-override        {address, tag?}: the next addresses/take returns this literal address
 *   POST   /control/reset                   a fresh account: state, stats, faults, limits, pending callbacks
 */
import type { Context, Hono } from 'hono';
import { isRecord } from '../coinspaid/json.js';
import { isHttpUrl } from '../../core/validators.js';
import { ENDPOINTS } from './endpoints.js';
import { assertValid, SandboxError } from './errors.js';
import { FAULT_KINDS, type FaultKind } from './faults.js';
import type { Sandbox } from './sandbox.js';
import { publicInvoice } from './invoices.js';
import { FieldErrors } from './validate.js';
import type { CallbackDelivery } from './callbacks.js';

/**
 * What became of the callback a control call sent, so a stalled checkout is explained where the developer is looking:
 * delivered, or the URL with the HTTP status or error of the first attempt (the sender retries on CoinsPaid's schedule).
 * Null when the call sent none yet (a payment seen `after_seconds` later).
 */
export type CallbackReport = {
  url: string | null;
  delivered: boolean;
  status?: number;
  error?: string;
  /** Clock-ms of the next attempt, when one is scheduled. */
  next_retry_at?: number;
} | null;

/** Runs a control action, then waits (a little) for the first attempt of the callback it sent, and reports it. */
async function reportingCallback<T extends object>(s: Sandbox, action: () => T): Promise<T & { callback: CallbackReport }> {
  const mark = s.callbacks.mark;
  const result = action();
  const [delivery] = s.callbacks.since(mark);
  if (!s.callbacks.url && !delivery) {
    const error =
      'No callback URL is configured, so no callback was sent: pass callbackUrl to createSandbox or POST /control/config {"callback_url"}.';
    return { ...result, callback: { url: null, delivered: false, error } };
  }
  if (!delivery) return { ...result, callback: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A real timer: the attempt is real network I/O, whatever the sandbox's clock.
  const waited = await Promise.race([
    s.callbacks.firstAttempt(delivery).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), s.controlCallbackWaitMs))),
  ]);
  clearTimeout(timer);
  return {
    ...result,
    callback: waited
      ? report(delivery)
      : { url: delivery.url, delivered: false, error: `No answer yet after ${s.controlCallbackWaitMs} ms; see GET /control/callbacks.` },
  };
}

function report(delivery: CallbackDelivery): CallbackReport {
  const first = delivery.attempts[0];
  return {
    url: delivery.url,
    delivered: delivery.delivered,
    ...(first?.status != null ? { status: first.status } : {}),
    ...(first?.error !== undefined || first?.answer !== undefined ? { error: first.error ?? first.answer } : {}),
    ...(delivery.next_retry_at !== null ? { next_retry_at: delivery.next_retry_at } : {}),
  };
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SandboxError(400, { body: 'The body must be JSON.' });
  }
  if (!isRecord(body)) throw new SandboxError(400, { body: 'The body must be a JSON object.' });
  return body;
}

function oneOf<T extends string>(
  v: FieldErrors,
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  fallback?: T,
): T | undefined {
  const value = body[field] ?? fallback;
  if (value === undefined) {
    v.add(field, `The ${field} field is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    v.add(field, `The ${field} must be one of: ${allowed.join(', ')}.`);
    return undefined;
  }
  return value as T;
}

function id(c: Context): number {
  const value = Number(c.req.param('id'));
  if (!Number.isSafeInteger(value) || value <= 0) throw new SandboxError(400, { id: 'The id must be a positive integer.' });
  return value;
}

function optionalCount(v: FieldErrors, body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    v.add(field, `The ${field} must be a non-negative integer.`);
    return undefined;
  }
  return value;
}

export function mountControl(app: Hono, s: Sandbox): void {
  app.post('/control/deposits', async (c) => {
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const address = v.string(body, 'address', { max: 256 });
    const tag = v.string(body, 'tag', { required: false, max: 64 });
    const remainder = v.boolean(body, 'remainder', { required: false }) ?? false;
    const expected = v.amount(body, 'expected_amount', { required: false });
    const amount = v.amount(body, 'amount', {
      required: !expected && !remainder && !v.errors['expected_amount'] && !v.errors['remainder'],
    });
    const fraction = v.amount(body, 'fraction', { required: false });
    if (fraction !== undefined && !expected) v.add('fraction', 'The fraction needs an expected_amount.');
    if (amount !== undefined && (fraction !== undefined || remainder))
      v.add('amount', 'Give an amount, or an expected_amount with a fraction or remainder, not both.');
    const outcome = oneOf(v, body, 'outcome', ['confirmed', 'cancelled', 'pending'] as const, 'confirmed');
    const confirmations = optionalCount(v, body, 'confirmations');
    const afterSeconds = optionalCount(v, body, 'after_seconds');
    const txid = v.string(body, 'txid', { required: false, max: 128 });
    assertValid(v);
    const result = await reportingCallback(s, () =>
      s.state.deposits.deposit(address!, {
        outcome: outcome!,
        ...(amount !== undefined ? { amount } : {}),
        ...(expected !== undefined ? { expected_amount: expected } : {}),
        ...(fraction !== undefined ? { fraction } : {}),
        ...(remainder ? { remainder } : {}),
        ...(tag !== undefined ? { tag } : {}),
        ...(txid ? { txid } : {}),
        ...(confirmations !== undefined ? { confirmations } : {}),
        ...(afterSeconds !== undefined ? { after_seconds: afterSeconds } : {}),
      }),
    );
    return c.json({ data: result }, 201);
  });

  app.post('/control/deposits/:id/settle', async (c) => {
    const depositId = id(c);
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const outcome = oneOf(v, body, 'outcome', ['confirmed', 'cancelled'] as const, 'confirmed');
    assertValid(v);
    return c.json({ data: await reportingCallback(s, () => s.state.deposits.settle(depositId, outcome!)) });
  });

  app.get('/control/stats', (c) => c.json(s.stats.snapshot()));

  app.get('/control/invoices/:id', (c) => c.json({ data: { ...publicInvoice(s.state.invoices.get(id(c))) } }));

  app.post('/control/invoices/:id/pay', async (c) => {
    const invoiceId = id(c);
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const outcome = oneOf(
      v,
      body,
      'outcome',
      ['mempool', 'confirmed', 'underpaid', 'overpaid', 'failed', 'cancelled'] as const,
      'confirmed',
    );
    const currency = v.currency(body, 'currency', { required: false });
    const amount = v.amount(body, 'amount', { required: false });
    const fraction = v.amount(body, 'fraction', { required: false });
    const remainder = v.boolean(body, 'remainder', { required: false }) ?? false;
    const afterSeconds = optionalCount(v, body, 'after_seconds');
    const txid = v.string(body, 'txid', { required: false, max: 128 });
    if ([amount !== undefined, fraction !== undefined, remainder].filter(Boolean).length > 1)
      v.add('amount', 'Give one of amount, fraction or remainder.');
    assertValid(v);
    const result = s.state.invoices.pay(invoiceId, {
      outcome: outcome!,
      ...(currency !== undefined ? { currency } : {}),
      ...(amount !== undefined ? { amount } : {}),
      ...(fraction !== undefined ? { fraction } : {}),
      ...(remainder ? { remainder } : {}),
      ...(afterSeconds !== undefined ? { after_seconds: afterSeconds } : {}),
      ...(txid ? { txid } : {}),
    });
    return c.json({ data: result });
  });

  app.post('/control/invoices/:id/expire', (c) => c.json({ data: s.state.invoices.expire(id(c)) }));

  app.post('/control/withdrawals/:id/settle', async (c) => {
    const withdrawalId = id(c);
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const outcome = oneOf(v, body, 'outcome', ['confirmed', 'cancelled'] as const, 'confirmed');
    assertValid(v);
    s.state.withdrawals.settle(withdrawalId, outcome!);
    return c.json({ data: { id: withdrawalId, status: outcome } });
  });

  app.post('/control/config', async (c) => {
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const url = body['callback_url'];
    if (url !== undefined && url !== null && (typeof url !== 'string' || !isHttpUrl(url)))
      v.add('callback_url', 'The callback url must be an http(s) URL or null.');
    const duplicate = v.boolean(body, 'duplicate_callbacks', { required: false });
    assertValid(v);
    if (url !== undefined) s.callbacks.url = (url as string | null) ?? undefined;
    if (duplicate !== undefined) s.callbacks.duplicate = duplicate;
    return c.json({ data: { callback_url: s.callbacks.url ?? null, duplicate_callbacks: s.callbacks.duplicate } });
  });

  app.get('/control/faults', (c) =>
    c.json({ data: s.faults.list().map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : null })) }),
  );
  app.delete('/control/faults', (c) => {
    s.faults.clear();
    return c.json({ data: [] });
  });
  app.post('/control/faults', async (c) => {
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const endpoint = oneOf(v, body, 'endpoint', ['*', ...ENDPOINTS] as const, '*');
    const kind = oneOf<FaultKind>(v, body, 'kind', FAULT_KINDS);
    const ms = optionalCount(v, body, 'ms');
    const count = optionalCount(v, body, 'count');
    if (kind === 'latency' && ms === undefined) v.add('ms', 'The ms field is required for latency.');
    assertValid(v);
    s.faults.add({ endpoint: endpoint!, kind: kind!, ms: ms ?? 0, remaining: count ?? Number.POSITIVE_INFINITY });
    return c.json({ data: { endpoint, kind, ms: ms ?? 0, count: count ?? null } }, 201);
  });

  app.get('/control/callbacks', (c) => c.json({ data: s.callbacks.log }));

  app.post('/control/address-override', async (c) => {
    const body = await jsonBody(c);
    const v = new FieldErrors();
    const address = v.string(body, 'address', { max: 512 });
    const tag = v.string(body, 'tag', { required: false, max: 512 });
    assertValid(v);
    s.state.addresses.override = { address: address!, tag: tag ?? null };
    return c.json({ data: s.state.addresses.override }, 201);
  });

  app.post('/control/reset', (c) => {
    s.reset();
    return c.json({ data: { reset: true } });
  });
}
