/**
 * Shared harness for the sandbox tests: a manual clock, a callback receiver, requests signed with node:crypto
 * (independently of the project's own signing code, so the tests check the sandbox against CoinsPaid's rule and
 * not against itself), and a sandbox served over real HTTP. Its own tests check the manual clock.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import type { Clock, ClockTimer } from '../../src/core/clock.js';
import { createSandbox, type SandboxApp, type SandboxOptions } from '../../src/server/sandbox/index.js';
import { listen, type RunningServer } from '../helpers/serve.js';

export const apiKey = 'sandbox-test-key';
export const apiSecret = 'sandbox-test-secret';

/** CoinsPaid's signature: lowercase hex HMAC-SHA512 of the exact body bytes, keyed with the secret. */
export function sign(secret: string, body: string | Uint8Array): string {
  return createHmac('sha512', secret).update(body).digest('hex');
}

/**
 * A clock that moves only when told. Timers fire in due order inside `advance`, so minutes of invoice timers,
 * confirmation delays and retry schedules pass in no wall time at all, deterministically.
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #pending = new Map<ClockTimer, { due: number; seq: number; fn: () => void }>();
  #seq = 0;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    // A real, never-firing, unref'd handle serves as the token, so ClockTimer keeps its platform type.
    const token = globalThis.setTimeout(() => {}, 2 ** 31 - 1);
    token.unref?.();
    this.#pending.set(token, { due: this.#now + Math.max(0, ms), seq: this.#seq++, fn });
    return token;
  }

  clearTimeout(timer: ClockTimer): void {
    globalThis.clearTimeout(timer);
    this.#pending.delete(timer);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order, at its due time. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [ClockTimer, { due: number; seq: number; fn: () => void }] | undefined;
      for (const entry of this.#pending) {
        if (entry[1].due > target) continue;
        if (!next || entry[1].due < next[1].due || (entry[1].due === next[1].due && entry[1].seq < next[1].seq)) next = entry;
      }
      if (!next) break;
      this.#pending.delete(next[0]);
      globalThis.clearTimeout(next[0]);
      this.#now = Math.max(this.#now, next[1].due);
      next[1].fn();
    }
    this.#now = target;
  }

  get pendingTimers(): number {
    return this.#pending.size;
  }
}

/** A fixed starting instant 10 s into a fix period, so windows are predictable. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 10);

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
  key?: string | null;
  secret?: string;
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

export async function callControl(base: string, path: string, body?: unknown, method = 'POST'): Promise<Answer> {
  return answer(
    await fetch(`${base}/control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
}

export interface ReceivedCallback {
  raw: Uint8Array;
  text: string;
  body: Record<string, unknown>;
  headers: Headers;
  at: number;
}

/** The merchant's callback endpoint: records raw bytes and answers the queued statuses (then 200). */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  /** Statuses to answer, in order, before answering 200. */
  answers: number[] = [];
  /** When set, every callback is answered with this status. */
  always: number | null = null;
  #server: RunningServer | undefined;

  constructor(readonly clock: Clock) {}

  get url(): string {
    return `${this.#server!.url}/callback`;
  }

  async start(): Promise<this> {
    const app = new Hono();
    app.post('/callback', async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const text = new TextDecoder().decode(raw);
      this.received.push({
        raw,
        text,
        body: JSON.parse(text) as Record<string, unknown>,
        headers: new Headers(c.req.raw.headers),
        at: this.clock.now(),
      });
      const status = this.always ?? this.answers.shift() ?? 200;
      return c.text(status === 200 ? 'OK' : 'no', status as 200);
    });
    this.#server = await listen(app.fetch);
    return this;
  }

  bodies(): Array<Record<string, unknown>> {
    return this.received.map((r) => r.body);
  }

  clear(): void {
    this.received.length = 0;
    this.answers = [];
    this.always = null;
  }

  close(): Promise<void> {
    return this.#server?.close() ?? Promise.resolve();
  }
}

/** Polls `probe` (wall time) until it returns something truthy. */
export async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets in-flight HTTP (callback deliveries) settle without advancing any clock. */
export function settle(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RunningSandbox {
  sandbox: SandboxApp;
  url: string;
  api(endpoint: string, body?: unknown, options?: CallOptions): Promise<Answer>;
  control(path: string, body?: unknown, method?: string): Promise<Answer>;
  close(): Promise<void>;
}

/** A sandbox with the test credentials, served over real HTTP on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox({ apiKey, apiSecret, ...options });
  const server = await listen(sandbox.fetch);
  return {
    sandbox,
    url: server.url,
    api: (endpoint, body, callOptions) => callApi(server.url, endpoint, body, callOptions),
    control: (path, body, method) => callControl(server.url, path, body, method),
    close: async () => {
      sandbox.dispose();
      await server.close();
    },
  };
}

/** `data` of a JSON answer, asserting the status first (the body is in the failure message). */
export function dataOf<T>(a: Answer, status = 200): T {
  assert.equal(a.status, status, a.text);
  return (a.json as { data: T }).data;
}

export function errorsOf(a: Answer): Record<string, string> {
  return ((a.json as { errors?: Record<string, string> } | undefined)?.errors ?? {}) as Record<string, string>;
}

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

describe('sandbox test harness: manual clock', () => {
  it('runs timers in due order only when advanced past them', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 150);
    clock.clearTimeout(cancelled);
    clock.advance(99);
    assert.deepEqual(fired, []);
    clock.advance(101);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.now(), 1200);
    assert.equal(clock.pendingTimers, 0);
  });

  it('fires timers scheduled by timers within the same advance, at their own due time', () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 50);
    }, 50);
    clock.advance(1000);
    assert.deepEqual(at, [50, 100]);
  });
});
