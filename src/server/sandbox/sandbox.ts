import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { CallbackSender } from './callbacks.js';
import { Faults, FaultWaits } from './faults.js';
import { PerIpRateLimit } from './middleware/rate-limit.js';
import { RequestStats } from './middleware/request-stats.js';
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
  /**
   * Where signed callbacks go: your proxy's `/callback` (e.g. `http://localhost:3000/coinspaid/callback`); can be changed
   * with POST /control/config. Without one no callback is sent, so widgets wait for payments forever: the sandbox says
   * so once when it starts.
   */
  callbackUrl?: string;
  /**
   * How long a control-API deposit waits for its callback's first delivery attempt before answering with what became
   * of it (`callback` in the answer). Default 2000 ms.
   */
  controlCallbackWaitMs?: number;
  /** Delivers callbacks; default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Clock-ms between a deposit's not_confirmed callback and its final one. Default 30 s. */
  confirmationDelayMs?: number;
  /** The client's IP for the exchange/calculate limit and the control API; default the socket's address on Node. */
  clientIp?: (c: Context) => string;
  /**
   * Who may use the control API (which makes deposits and sends signed callbacks): `loopback` (default), this machine
   * only; `anywhere`, for a sandbox shared on a test network. Every control request needs the X-Sandbox-Control
   * header either way, which a page of another site cannot send.
   */
  controlFrom?: 'loopback' | 'anywhere';
  /** The Payment Terminal `client_id` the sandbox's terminal page (/terminal/) accepts links for; default 1. */
  terminalClientId?: number;
  /** Origins that may frame the terminal page when a link asks for `is_iframe` (the merchant's allowed origins). */
  terminalFrameAncestors?: readonly string[];
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
  /** Requests held by latency and timeout faults; reset and dispose release them. */
  readonly faultWaits = new FaultWaits();
  readonly rateLimit: PerIpRateLimit;
  readonly stats = new RequestStats();
  readonly callbacks: CallbackSender;
  readonly controlCallbackWaitMs: number;
  readonly #confirmationDelayMs: number;
  state: SandboxState;

  constructor(options: SandboxOptions = {}) {
    this.apiKey = options.apiKey ?? SANDBOX_DEMO_API_KEY;
    this.apiSecret = options.apiSecret ?? SANDBOX_DEMO_API_SECRET;
    this.clock = options.clock ?? systemClock;
    this.seed = options.seed ?? 1;
    this.clientIp = options.clientIp ?? socketIp;
    this.#confirmationDelayMs = options.confirmationDelayMs ?? 30_000;
    this.controlCallbackWaitMs = options.controlCallbackWaitMs ?? 2000;
    if (!options.callbackUrl) {
      // The commonest silent stall: payments made in the sandbox never reach the proxy, and nothing else would say so.
      console.warn(
        "coinspaid-terminal sandbox: no callbackUrl, so no callbacks will be sent: widgets wait for payments forever and onCallback never runs. Pass createSandbox({ callbackUrl: 'http://localhost:3000/coinspaid/callback' }) (your proxy's /callback) or POST <sandbox>/control/config {\"callback_url\": …}.",
      );
    }
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
    this.stats.reset();
    this.faults.clear();
    this.rateLimit.reset();
    this.faultWaits.releaseAll();
  }

  dispose(): void {
    this.state.dispose();
    this.callbacks.dispose();
    this.faultWaits.releaseAll();
  }
}
