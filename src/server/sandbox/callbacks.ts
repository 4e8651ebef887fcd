import type { Clock, ClockTimer } from '../../core/clock.js';
import { signPayload } from '../coinspaid/sign.js';

/** CoinsPaid retries an unacknowledged callback after these many minutes (then gives up). */
export const CALLBACK_RETRY_MINUTES = [1, 5, 10, 15, 20, 30, 60, 90, 120, 150, 180, 210, 240] as const;

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  /** The network failure (no HTTP answer). */
  error?: string;
  /** The first characters of a non-200 answer: what the receiver objected to (a signature, a path). */
  answer?: string;
}

export interface CallbackDelivery {
  id: number;
  url: string;
  body: string;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  /** Clock-ms of the next attempt, or null when delivered or given up. */
  next_retry_at: number | null;
}

/**
 * CoinsPaid's JSON is PHP's json_encode with its default flags: `/` escaped as `\/`, and every character beyond ASCII
 * as `\uXXXX` (lowercase hex; UTF-16 surrogate pairs above U+FFFF), so the body is pure ASCII. Receivers must verify
 * the raw bytes, not a re-encoding.
 */
export function encodeLikeCoinsPaid(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface CallbackSenderOptions {
  apiKey: string;
  apiSecret: string;
  clock: Clock;
  fetch: typeof globalThis.fetch;
  url: string | undefined;
}

/** How a failed attempt is described in the log line: the answer's first characters say what the receiver objected to. */
const ANSWER_EXCERPT_CHARS = 200;

/**
 * Signs and delivers callbacks, retrying any non-200 on CoinsPaid's schedule, and keeps a delivery log. A failing
 * callback URL is said once in the server's log (with the reason and the next retry), since until a callback arrives
 * the widget waits for the payment with nothing else to show for it.
 */
export class CallbackSender {
  url: string | undefined;
  duplicate = false;
  readonly log: CallbackDelivery[] = [];
  readonly #options: CallbackSenderOptions;
  readonly #timers = new Set<ClockTimer>();
  /** Each delivery's first attempt, for callers that report whether it arrived (the control API's deposits). */
  readonly #firstAttempts = new WeakMap<CallbackDelivery, Promise<void>>();
  /** URLs whose failure was logged; one that succeeds again leaves, so a later failure is news again. */
  readonly #failingUrls = new Set<string>();
  #nextId = 1;
  #disposed = false;
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(options: CallbackSenderOptions) {
    this.#options = options;
    this.url = options.url;
  }

  /** Queues a callback; with `duplicate` on, sends it twice, as CoinsPaid sometimes does. */
  send(payload: unknown): void {
    if (!this.url) return;
    const body = encodeLikeCoinsPaid(payload);
    for (let copy = 0; copy < (this.duplicate ? 2 : 1); copy++) {
      const delivery: CallbackDelivery = { id: this.#nextId++, url: this.url, body, attempts: [], delivered: false, next_retry_at: null };
      this.log.push(delivery);
      if (this.log.length > 1000) this.log.shift();
      this.#firstAttempts.set(delivery, this.#attempt(delivery));
    }
  }

  /** The id the next callback will get: deliveries with an id at or above a mark taken before an action are its own. */
  get mark(): number {
    return this.#nextId;
  }

  /** The deliveries queued since `mark`, oldest first. */
  since(mark: number): CallbackDelivery[] {
    return this.log.filter((delivery) => delivery.id >= mark);
  }

  /** Resolves once the delivery's first attempt has its answer (or failed); at once for one this sender never sent. */
  firstAttempt(delivery: CallbackDelivery): Promise<void> {
    return this.#firstAttempts.get(delivery) ?? Promise.resolve();
  }

  /**
   * Resolves once no delivery attempt is in flight: every callback sent so far has had its answer (or failed). With a
   * manual clock, a test knows by this that nothing more will arrive until the clock moves.
   */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #attempt(delivery: CallbackDelivery): Promise<void> {
    if (this.#disposed) return;
    this.#inFlight += 1;
    try {
      await this.#deliver(delivery);
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  async #deliver(delivery: CallbackDelivery): Promise<void> {
    const { apiKey, apiSecret, clock } = this.#options;
    const attempt: DeliveryAttempt = { at: clock.now(), status: null };
    delivery.attempts.push(attempt);
    let reason: string;
    let status: number | null = null;
    try {
      const response = await this.#options.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Processing-Key': apiKey,
          'X-Processing-Signature': signPayload(apiSecret, delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      attempt.status = response.status;
      if (response.status === 200) {
        await response.body?.cancel();
        delivery.delivered = true;
        delivery.next_retry_at = null;
        this.#failingUrls.delete(delivery.url);
        return;
      }
      const answer = await excerpt(response);
      if (answer) attempt.answer = answer;
      reason = `HTTP ${response.status}${answer ? `: ${answer}` : ''}`;
      status = response.status;
    } catch (error) {
      reason = networkReason(error);
      attempt.error = reason;
    }
    this.#scheduleRetry(delivery);
    this.#reportFailure(delivery, reason, status);
  }

  #reportFailure(delivery: CallbackDelivery, reason: string, status: number | null): void {
    if (this.#disposed || this.#failingUrls.has(delivery.url)) return;
    this.#failingUrls.add(delivery.url);
    const next =
      delivery.next_retry_at === null
        ? 'no retry is left'
        : `the next attempt is in ${Math.round((delivery.next_retry_at - this.#options.clock.now()) / 60_000)} min of sandbox time, as CoinsPaid retries`;
    console.warn(
      `coinspaid-terminal sandbox: a callback to ${delivery.url} failed (${reason}); ${next}. ${hint(status)} Until a callback ` +
        'arrives the widget keeps waiting for the payment and onCallback does not run. Every attempt: GET <sandbox>/control/callbacks; ' +
        'further failures to this URL are not logged.',
    );
  }

  #scheduleRetry(delivery: CallbackDelivery): void {
    const minutes = CALLBACK_RETRY_MINUTES[delivery.attempts.length - 1];
    if (minutes === undefined || this.#disposed) {
      delivery.next_retry_at = null;
      return;
    }
    const delay = minutes * 60_000;
    delivery.next_retry_at = this.#options.clock.now() + delay;
    const timer = this.#options.clock.setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(delivery);
    }, delay);
    this.#timers.add(timer);
  }

  /** Stops every pending retry (reset, shutdown). */
  cancelAll(): void {
    for (const timer of this.#timers) this.#options.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  dispose(): void {
    this.#disposed = true;
    this.cancelAll();
  }
}

/** The answer's first characters, or nothing when it has none or cannot be read. */
async function excerpt(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > ANSWER_EXCERPT_CHARS ? `${text.slice(0, ANSWER_EXCERPT_CHARS)}…` : text;
  } catch {
    return '';
  }
}

/** What usually causes a failure with this answer (null: none came). */
function hint(status: number | null): string {
  if (status === null || status === 404 || status === 405)
    return "Is the callback URL your proxy's /callback (e.g. http://localhost:3000/coinspaid/callback), and is that server running?";
  if (status === 401 || status === 403)
    return 'The receiver refused the signature: the sandbox and the proxy must use the same apiKey and apiSecret.';
  if (status >= 500) return "The receiver failed: a throwing onCallback answers 500 (its error is in that server's log).";
  return 'The receiver must answer 200.';
}

/** fetch's "fetch failed" hides the cause (ECONNREFUSED, ENOTFOUND, a timeout): name it. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (error.name === 'TimeoutError') return 'no answer within 10 s';
  if (cause && typeof cause.code === 'string') return `${cause.code}${typeof cause.message === 'string' ? `: ${cause.message}` : ''}`;
  if (cause && typeof cause.message === 'string' && cause.message) return `${error.message}: ${cause.message}`;
  return error.message;
}
