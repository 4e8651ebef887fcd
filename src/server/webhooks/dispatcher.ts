import { AsyncResource } from 'node:async_hooks';
import type { Clock, ClockTimer } from '../../core/clock.js';
import { WebhookSigner } from './message.js';
import { DEFAULT_RETRY_POLICY, nextStep, parseRetryAfter, type RetryPolicy } from './schedule.js';
import { MAX_HISTORY, type DeliveryAttempt, type WebhookDelivery, type WebhookQueue } from './types.js';

/** What the dispatcher logs through: pino's logger fits, and so does a console wrapper. */
export interface WebhookLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** How an attempt ended, for metrics: delivered; to be retried; given up. */
export type DeliveryResult = 'delivered' | 'retry' | 'failed';

export interface WebhookDispatcherOptions {
  queue: WebhookQueue;
  /** The merchant's endpoint. */
  url: string;
  /** `whsec_…` */
  secret: string;
  clock: Clock;
  fetch?: typeof globalThis.fetch;
  policy?: Partial<RetryPolicy>;
  /** In [0, 1): the jitter's dice. */
  random?: () => number;
  /** Attempts in flight at once, per instance. Default 8. */
  concurrency?: number;
  /**
   * Look at the queue at least this often (ms) besides when something is due: another instance's delivery whose
   * lease ran out, a resend made on another instance. Default 5 s.
   */
  pollMs?: number;
  logger?: WebhookLogger;
  onResult?(result: DeliveryResult, delivery: WebhookDelivery): void;
}

const SILENT: WebhookLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** What is kept of a receiver's answer in the delivery log. */
const MAX_ANSWER_CHARS = 200;

/**
 * Sends queued webhooks: each due delivery is leased, signed with the attempt's timestamp, POSTed (no redirects
 * followed) within the policy's timeout, and saved as delivered, due again later, or given up. Work is timed by the
 * clock: a timer for the earliest due delivery, another for the periodic look, and a `kick` when something is added.
 */
export class WebhookDispatcher {
  readonly #o: Required<Omit<WebhookDispatcherOptions, 'onResult' | 'policy'>> & Pick<WebhookDispatcherOptions, 'onResult'>;
  readonly #policy: RetryPolicy;
  readonly #signer: WebhookSigner;
  /** Ticks and attempts run outside the request that kicked them: their log lines are not that request's. */
  readonly #scope = new AsyncResource('coinspaid-terminal.webhooks');
  readonly #inFlight = new Set<Promise<void>>();
  #dueTimer: ClockTimer | undefined;
  #pollTimer: ClockTimer | undefined;
  #ticking: Promise<void> | null = null;
  #again = false;
  #started = false;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  constructor(options: WebhookDispatcherOptions) {
    this.#o = {
      fetch: globalThis.fetch.bind(globalThis),
      random: Math.random,
      concurrency: 8,
      pollMs: 5_000,
      logger: SILENT,
      ...options,
    };
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.#signer = new WebhookSigner(options.secret);
  }

  get policy(): Readonly<RetryPolicy> {
    return this.#policy;
  }

  /** Begins sending: what is due now (deliveries queued before a restart included), then as things fall due. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.kick();
  }

  /** Something was queued or resent: look now. */
  kick(): void {
    if (!this.#started || this.#stopped) return;
    this.#scope.runInAsyncScope(() => void this.#tick());
  }

  /**
   * Stops taking deliveries and waits for the attempts in flight (each ends within the policy's timeout). Pending
   * deliveries stay queued: in Redis, another instance or the next start sends them.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimers();
    await this.#ticking;
    await Promise.all(this.#inFlight);
  }

  /** Resolves when no look at the queue and no attempt is under way (tests: after moving a manual clock). */
  idle(): Promise<void> {
    if (!this.#busy()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #busy(): boolean {
    return this.#ticking !== null || this.#inFlight.size > 0;
  }

  #settle(): void {
    if (this.#busy()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #tick(): Promise<void> {
    if (this.#ticking) {
      this.#again = true;
      return this.#ticking;
    }
    this.#ticking = this.#look().finally(() => {
      this.#ticking = null;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        void this.#tick();
      } else this.#settle();
    });
    return this.#ticking;
  }

  async #look(): Promise<void> {
    // The timers stay set while looking: with a manual clock a later one may fire during this look (then #again).
    if (this.#stopped) return;
    let nextDue: number | null = null;
    try {
      const now = this.#o.clock.now();
      const free = this.#o.concurrency - this.#inFlight.size;
      // Leased for the attempt's timeout and a margin: if this process dies mid-attempt, the delivery falls due again.
      const taken = free > 0 ? await this.#o.queue.take(now, free, this.#policy.timeoutMs * 2 + 10_000) : [];
      for (const delivery of taken) this.#track(this.#attempt(delivery));
      nextDue = await this.#o.queue.nextDue();
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'webhook queue unreachable; will look again');
    }
    if (this.#stopped) return;
    this.#clearTimers();
    const now = this.#o.clock.now();
    // A full house: the next look comes when an attempt ends (#track), not from the due timer.
    if (nextDue !== null && this.#inFlight.size < this.#o.concurrency)
      this.#dueTimer = this.#o.clock.setTimeout(() => this.kick(), Math.max(0, nextDue - now));
    this.#pollTimer = this.#o.clock.setTimeout(() => this.kick(), this.#o.pollMs);
    unref(this.#dueTimer);
    unref(this.#pollTimer);
  }

  #track(attempt: Promise<void>): void {
    const tracked = attempt.finally(() => {
      this.#inFlight.delete(tracked);
      if (!this.#stopped) this.kick();
      this.#settle();
    });
    this.#inFlight.add(tracked);
  }

  #clearTimers(): void {
    if (this.#dueTimer !== undefined) this.#o.clock.clearTimeout(this.#dueTimer);
    if (this.#pollTimer !== undefined) this.#o.clock.clearTimeout(this.#pollTimer);
    this.#dueTimer = this.#pollTimer = undefined;
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    const { clock, logger } = this.#o;
    const started = clock.now();
    const { status, error, retryAfterMs } = await this.#post(delivery, started);
    const finished = clock.now();
    const attempt: DeliveryAttempt = { at: started, status, error, duration_ms: finished - started };
    delivery.attempts += 1;
    delivery.series_attempts += 1;
    delivery.history = [...delivery.history, attempt].slice(-MAX_HISTORY);
    const step = nextStep(
      { status, retryAfterMs },
      delivery.series_attempts,
      delivery.series_started_at,
      finished,
      this.#o.random,
      this.#policy,
    );
    delivery.state = step.state;
    delivery.next_attempt_at = step.next_attempt_at;
    if (step.state === 'delivered') delivery.delivered_at = finished;
    const result: DeliveryResult = step.state === 'delivered' ? 'delivered' : step.state === 'pending' ? 'retry' : 'failed';
    const details = {
      webhook_id: delivery.id,
      order_id: delivery.order_id,
      settlement_status: delivery.settlement_status,
      attempt: delivery.attempts,
      status,
      duration_ms: attempt.duration_ms,
      ...(error ? { error } : {}),
      ...(step.next_attempt_at !== null ? { next_attempt_at: new Date(step.next_attempt_at).toISOString() } : {}),
    };
    if (result === 'delivered') logger.info(details, 'webhook delivered');
    else if (result === 'retry') logger.warn(details, 'webhook not delivered; will retry');
    else logger.error(details, 'webhook given up; resend it from the delivery log once the endpoint is fixed');
    try {
      await this.#o.queue.save(delivery);
    } catch (saveError) {
      // Its lease runs out and it is sent again: at least once, never lost (the receiver drops the repeat by id).
      logger.error({ webhook_id: delivery.id, err: saveError }, 'webhook outcome could not be saved; it will be sent again');
    }
    this.#o.onResult?.(result, delivery);
  }

  async #post(
    delivery: WebhookDelivery,
    now: number,
  ): Promise<{ status: number | null; error: string | null; retryAfterMs: number | null }> {
    const { clock } = this.#o;
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#policy.timeoutMs);
    try {
      const response = await this.#o.fetch(this.#o.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'coinspaid-terminal-webhooks',
          ...this.#signer.headers(delivery.id, Math.floor(now / 1000), delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const answer = await readSome(response);
      const ok = response.status >= 200 && response.status < 300;
      return {
        status: response.status,
        error: ok ? null : `HTTP ${response.status}${answer ? `: ${answer}` : ''}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
      };
    } catch (error) {
      const reason = timedOut
        ? `no answer within ${this.#policy.timeoutMs} ms`
        : error instanceof Error
          ? describeNetworkError(error)
          : String(error);
      return { status: null, error: reason, retryAfterMs: null };
    } finally {
      clock.clearTimeout(timer);
    }
  }
}

/** The start of a receiver's answer, for the delivery log; the rest is not read. */
async function readSome(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_ANSWER_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text.slice(0, MAX_ANSWER_CHARS).replace(/\s+/g, ' ').trim();
}

/** fetch's "fetch failed" says nothing; its cause says what happened (ECONNREFUSED, ENOTFOUND, a reset). */
function describeNetworkError(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error && cause.message ? cause.message : error.message;
}

function unref(timer: ClockTimer | undefined): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}
