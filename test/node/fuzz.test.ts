import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { AddressGrant } from '../../src/core/wire.js';
import { signPayload } from '../../src/server/coinspaid/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { ENDPOINTS } from '../../src/server/sandbox/endpoints.js';

/**
 * Property-based fuzzing of every route the proxy and the sandbox serve, over real HTTP: thousands of generated
 * requests (methods, paths, queries, headers, bodies, tokens, signatures) per run. Whatever arrives, the answer is
 * never a crash: no 5xx except the designed 502/503 with a JSON body, every 4xx in the documented shape, and the server
 * still answers afterwards. A failing case is printed shrunk by fast-check, with its seed to replay it.
 */

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1500);

let stack: Stack;
let tokens: string[];
let capability: string;

before(async () => {
  stack = await startStack({ clock: new ManualClock(), createLimitPerMinute: 1_000_000, allowedOrigins: ['https://shop.example'] });
  tokens = [
    await stack.mintToken({ foreign_id: 'fuzz-open' }),
    await stack.mintToken({ foreign_id: 'fuzz-priced', order_id: 'fuzz-1', amount: '106.75', amount_currency: 'EUR', convert_to: 'EUR' }),
    await stack.mintToken({
      foreign_id: 'fuzz-invoice',
      order_id: 'fuzz-2',
      amount: '20',
      amount_currency: 'EUR',
      invoice: {
        title: 'Fuzz',
        url_success: 'https://shop.example/ok',
        url_failed: 'https://shop.example/no',
        email_user: 'f@shop.example',
      },
    }),
  ];
  const response = await fetch(`${stack.url}/coinspaid/addresses`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'BTC' }),
  });
  capability = ((await response.json()) as AddressGrant).follow.capability;
});

after(async () => {
  await stack.close();
});

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Sends one request; reads the status and at most the start of the body (a status stream never ends by itself). */
async function send({ method, path, headers, body }: Sent): Promise<{ status: number; type: string; text: string }> {
  const controller = new AbortController();
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers,
    ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
    signal: controller.signal,
  });
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.status, type, text: '' };
  }
  return { status: response.status, type, text: await response.text() };
}

/** Text of every kind: plain, unicode (astral, RTL marks, NUL), JSON-ish, URL-ish, huge numbers. */
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '%00', '\u202e', '../../etc/passwd', 'javascript:alert(1)', '1e309', '-0', '0.000000000000000000001', 'null'),
  fc.integer().map(String),
);
const currency = fc.oneof(fc.constantFrom('BTC', 'ETH', 'EUR', 'USDTT', 'XRP', 'LTC', 'XYZ', 'btc', ''), anyText);
const jsonValue = fc.oneof(
  fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
  fc.record(
    {
      currency,
      convert_to: currency,
      amount: fc.oneof(anyText, fc.double(), fc.constant(null)),
      sender_currency: currency,
      receiver_currency: currency,
      receiver_amount: fc.oneof(anyText, fc.double()),
      is_iframe: fc.oneof(fc.boolean(), anyText),
      url_back: anyText,
      address: anyText,
      tag: anyText,
      outcome: fc.constantFrom('confirmed', 'cancelled', 'pending', 'underpaid', 'mempool', 'bogus'),
      fraction: anyText,
      expected_amount: anyText,
      after_seconds: fc.oneof(fc.integer(), anyText),
      foreign_id: anyText,
      id: fc.oneof(fc.integer(), anyText),
      type: fc.constantFrom('deposit', 'deposit_exchange', 'invoice', 'withdrawal', 'exchange', 'bogus'),
      status: fc.constantFrom('not_confirmed', 'confirmed', 'cancelled', 'pending', 'failed', 'bogus'),
    },
    { requiredKeys: [] },
  ),
);
const body = fc.oneof(
  jsonValue.map((value) => JSON.stringify(value)),
  anyText,
  fc.constant(undefined),
  fc.constant('{"currency":'),
  fc.string({ minLength: 9000, maxLength: 9100 }),
);

const proxyPath = fc.oneof(
  fc.constantFrom(
    'config',
    'rates',
    'addresses',
    'invoices',
    'futures/rates',
    'futures/confirm',
    'terminal-url',
    'callback',
    'embed',
    'embed/coinspaid-terminal.min.js',
    'embed/../../package.json',
    'tokens',
    'follow/x.y',
    'nope',
  ),
  fc.constant('follow/CAPABILITY'),
  fc.constant('follow/CAPABILITY/stream'),
  anyText.map((segment) => encodeURIComponent(segment)),
);
const query = fc.dictionary(
  fc.constantFrom(
    'from',
    'to',
    'amount',
    'after',
    'lastEventId',
    'token',
    'parent',
    'mode',
    'currency',
    'convert-to',
    'amount-currency',
    'x',
  ),
  anyText,
  { maxKeys: 4 },
);

const proxyRequest = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
    path: proxyPath,
    query,
    token: fc.oneof(
      fc.nat({ max: 2 }).map((i) => ({ kind: 'valid' as const, i })),
      anyText.map((text) => ({ kind: 'text' as const, text })),
      fc.constant(null),
    ),
    origin: fc.constantFrom(undefined, 'https://shop.example', 'https://evil.example', 'null'),
    contentType: fc.constantFrom(undefined, 'application/json', 'text/plain', 'multipart/form-data; boundary=x'),
    lastEventId: fc.option(anyText, { nil: undefined }),
    body,
    sign: fc.boolean(),
  })
  .map((r): Sent => {
    const path = r.path.replace('CAPABILITY', capability);
    const search = new URLSearchParams(r.query).toString();
    const headers: Record<string, string> = {};
    if (r.token?.kind === 'valid') headers['authorization'] = `Bearer ${tokens[r.token.i]}`;
    else if (r.token?.kind === 'text') headers['authorization'] = `Bearer ${r.token.text.replace(/[^\x20-\x7e]/g, '')}`;
    if (r.origin) headers['origin'] = r.origin;
    if (r.contentType) headers['content-type'] = r.contentType;
    if (r.lastEventId !== undefined) headers['last-event-id'] = r.lastEventId.replace(/[^\x20-\x7e]/g, '');
    if (r.sign && r.body !== undefined) {
      headers['x-processing-key'] = stack.apiKey;
      headers['x-processing-signature'] = signPayload(stack.apiSecret, r.body);
    }
    return { method: r.method, path: `/coinspaid/${path}${search ? `?${search}` : ''}`, headers, body: r.body };
  });

/** Parsed JSON of an answer, or undefined when it is not JSON. */
function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

describe('fuzzing the proxy', () => {
  it(`answers ${RUNS} generated requests without a crash, every error in the {"errors": …} shape`, async () => {
    await fc.assert(
      fc.asyncProperty(proxyRequest, async (request) => {
        const { status, type, text } = await send(request);
        const where = `${request.method} ${request.path} → ${status} ${text.slice(0, 200)}`;
        assert.ok(status < 500 || status === 502 || status === 503, `no crash: ${where}`);
        if (status >= 400) {
          // Errors are JSON with a field map, except a CORS preflight refusal, which carries no body by design, and the
          // iframe's page, which refuses with a page: the element's error state, or a plain page for a parent not allowed.
          if (request.method === 'OPTIONS' && status === 403 && text === '') return;
          if (request.method === 'GET' && /^\/coinspaid\/embed(\?|$)/.test(request.path)) {
            assert.ok(type.startsWith('text/html') && [400, 401, 403].includes(status), `an error page: ${where}`);
            assert.ok(
              / proxy="\/coinspaid\/embed\/refused\/[a-z_]+\/[\w-]+"|<code id="code">[a-z_]+<\/code>/.test(text),
              `a refusal page: ${where}`,
            );
            return;
          }
          const answer = json(text);
          assert.ok(type.startsWith('application/json') && isObject(answer), `a JSON error: ${where}`);
          assert.ok(isObject(answer['errors']) && Object.keys(answer['errors']).length > 0, `errors by field: ${where}`);
          assert.equal(typeof answer['code'], 'string', `a stable code: ${where}`);
        }
      }),
      { numRuns: RUNS },
    );
    const alive = await fetch(`${stack.url}/coinspaid/config`, { headers: { Authorization: `Bearer ${tokens[0]}` } });
    assert.equal(alive.status, 200, 'the proxy still answers');
  });
});

/** Every endpoint the sandbox serves, and one it does not. */
const sandboxEndpoint = fc.constantFrom<string>(...ENDPOINTS, 'nope');
const controlPath = fc.oneof(
  fc.constantFrom(
    'deposits',
    'deposits/1/settle',
    'invoices/1/pay',
    'invoices/1/expire',
    'withdrawals/1/settle',
    'config',
    'faults',
    'callbacks',
    'stats',
    'address-override',
    'nope',
  ),
  anyText.map((segment) => encodeURIComponent(segment)),
);

describe('fuzzing the sandbox', () => {
  it(`answers ${RUNS} generated API calls as CoinsPaid would: signed or refused, never a crash`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom('GET', 'POST', 'PUT'),
          endpoint: sandboxEndpoint,
          body,
          sign: fc.boolean(),
          key: fc.boolean(),
        }),
        async ({ method, endpoint, body: payload, sign, key }) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (key) headers['x-processing-key'] = stack.apiKey;
          if (sign) headers['x-processing-signature'] = signPayload(stack.apiSecret, payload ?? '');
          const { status, type, text } = await send({ method, path: `/sandbox/api/v2/${endpoint}`, headers, body: payload });
          const where = `${method} ${endpoint} → ${status} ${text.slice(0, 200)}`;
          assert.ok(status < 500, `no crash: ${where}`);
          // CoinsPaid's own shapes: 400 {"errors": {...}}, 403 {"error", "code"}; its 429 is Cloudflare's plain text.
          if (status >= 400 && status !== 429) {
            const answer = json(text);
            assert.ok(type.startsWith('application/json') && isObject(answer), `a JSON error: ${where}`);
            assert.ok(isObject(answer['errors']) || typeof answer['error'] === 'string', `CoinsPaid's error shape: ${where}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.equal((await send({ method: 'GET', path: '/sandbox/api/v2/ping', headers: {}, body: undefined })).status, 200);
  });

  it(`answers ${Math.ceil(RUNS / 3)} generated control calls with a JSON answer, never a crash`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method: fc.constantFrom('GET', 'POST', 'DELETE'), path: controlPath, body, guarded: fc.boolean() }),
        async ({ method, path, body: payload, guarded }) => {
          const { status, type, text } = await send({
            method,
            path: `/sandbox/control/${path}`,
            // Mostly with the header the control API requires, sometimes without (a 403 with field errors).
            headers: { 'content-type': 'application/json', ...(guarded ? {} : { 'x-sandbox-control': '1' }) },
            body: payload,
          });
          const where = `${method} ${path} → ${status} ${text.slice(0, 200)}`;
          assert.ok(status < 500, `no crash: ${where}`);
          if (status >= 400) {
            const answer = json(text);
            assert.ok(type.startsWith('application/json') && isObject(answer) && isObject(answer['errors']), `errors by field: ${where}`);
          }
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
    // Faults the fuzzer switched on must not outlive it.
    await stack.control('faults', undefined, 'DELETE');
  });
});
