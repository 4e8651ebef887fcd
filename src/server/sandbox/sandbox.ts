import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Clock, ClockTimer } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { CallbackSender } from './callbacks.js';
import type { Fault } from './faults.js';
import { Faults } from './faults.js';
import { PerIpRateLimit } from './rate-limit.js';
import { SandboxState } from './state.js';

/** Fixed demo credentials: public by design, useless anywhere but this sandbox. */
export const SANDBOX_DEMO_API_KEY = 'sandbox-demo-key';
export const SANDBOX_DEMO_API_SECRET = 'sandbox-demo-secret-not-for-production';

export interface SandboxOptions {
  apiKey?: string;
  apiSecret?: string;
  /** Time as the sandbox sees it; share a scaledClock with the proxy to run minutes in seconds. */
  clock?: Clock;
  /** Seeds rates and addresses; the same seed gives the same figures. Default 1. */
  seed?: number;
  /** Where signed callbacks go; can be changed with POST /control/config. */
  callbackUrl?: string;
  /** Delivers callbacks; default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Clock-ms between a deposit's not_confirmed callback and its final one. Default 30 s. */
  confirmationDelayMs?: number;
  /** The client's IP for the exchange/calculate limit; default the socket's address on Node. */
  clientIp?: (c: Context) => string;
}

function socketIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not served by @hono/node-server (app.request in a test, an edge runtime): one shared bucket.
    return 'unknown';
  }
}

/** Everything one sandbox instance knows; routes read and change it. */
export class Sandbox {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: Clock;
  readonly seed: number;
  readonly clientIp: (c: Context) => string;
  readonly faults = new Faults();
  readonly rateLimit: PerIpRateLimit;
  readonly callbacks: CallbackSender;
  readonly #confirmationDelayMs: number;
  state: SandboxState;
  stats: Record<string, number> = {};
  readonly #hanging = new Set<{ timer: ClockTimer; resolve: () => void }>();

  constructor(options: SandboxOptions = {}) {
    this.apiKey = options.apiKey ?? SANDBOX_DEMO_API_KEY;
    this.apiSecret = options.apiSecret ?? SANDBOX_DEMO_API_SECRET;
    this.clock = options.clock ?? systemClock;
    this.seed = options.seed ?? 1;
    this.clientIp = options.clientIp ?? socketIp;
    this.#confirmationDelayMs = options.confirmationDelayMs ?? 30_000;
    this.rateLimit = new PerIpRateLimit(this.clock);
    this.callbacks = new CallbackSender({
      apiKey: this.apiKey,
      apiSecret: this.apiSecret,
      clock: this.clock,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      url: options.callbackUrl,
    });
    this.state = this.#freshState();
  }

  #freshState(): SandboxState {
    return new SandboxState({
      seed: this.seed,
      clock: this.clock,
      callbacks: this.callbacks,
      confirmationDelayMs: this.#confirmationDelayMs,
    });
  }

  /** Back to a fresh account: state, stats, limits, faults and pending callbacks. Configuration stays. */
  reset(): void {
    this.state.dispose();
    this.callbacks.cancelAll();
    this.callbacks.log.length = 0;
    this.state = this.#freshState();
    this.stats = {};
    this.faults.clear();
    this.rateLimit.reset();
    this.#releaseHanging();
  }

  /** Answers for an injected fault, or undefined to go on (latency). Uses wall time: it delays real HTTP. */
  async applyFault(fault: Fault, c: Context): Promise<Response | undefined> {
    switch (fault.kind) {
      case 'latency':
        await this.#wait(fault.ms);
        return undefined;
      case '5xx':
        return c.json({ error: 'Service temporarily unavailable', code: 'sandbox_fault' }, 503);
      case 'malformed_json':
        return c.body('{"data": {"truncated', 200, { 'Content-Type': 'application/json' });
      case 'html_429':
        return c.html(
          '<html><head><title>429 Too Many Requests</title></head><body><h1>Error 1015</h1><p>You are being rate limited.</p></body></html>',
          429,
          {
            'Retry-After': '60',
          },
        );
      case 'timeout':
        // Hangs until the client gives up (or the sandbox is disposed), then answers nothing useful.
        await this.#wait(fault.ms || 600_000);
        return c.json({ error: 'Gateway timeout', code: 'sandbox_fault' }, 504);
    }
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => done(), ms), resolve: () => done() };
      const done = () => {
        clearTimeout(entry.timer);
        this.#hanging.delete(entry);
        resolve();
      };
      this.#hanging.add(entry);
    });
  }

  #releaseHanging(): void {
    for (const entry of [...this.#hanging]) entry.resolve();
  }

  dispose(): void {
    this.state.dispose();
    this.callbacks.dispose();
    this.#releaseHanging();
  }
}
