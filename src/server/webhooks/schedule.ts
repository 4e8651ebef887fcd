/**
 * When to try a webhook again. Exponential backoff with jitter, as the Standard Webhooks specification recommends:
 * 5 s, 15 s, 45 s, 2¼ min, 6¾ min, 20 min, 1 h, 3 h, then every 6 h, each ±20 % at random so that a recovering
 * endpoint is not met by every delivery at once, for 72 hours (about 20 attempts; the specification's example spans 3
 * days). Receivers' answers:
 * - 2xx: delivered.
 * - 5xx, 408, 429, a timeout or a network error: temporary; retried until the 72 hours are over. A `Retry-After`
 *   (429, 503) is honoured as the earliest next attempt.
 * - 410 Gone: the endpoint says it wants no more; given up at once.
 * - any other 4xx, or a 3xx (redirects are not followed): most likely a deployment or configuration mistake (a wrong
 *   path, a secret being rotated) that someone fixes within minutes, or never; retried `clientErrorAttempts` times in
 *   all (5: about 3½ minutes), then given up.
 * Given-up deliveries stay in the log; the operator resends them.
 */
export interface RetryPolicy {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** No attempt is scheduled later than this after the series began. */
  horizonMs: number;
  /** ± this fraction of each delay, at random. */
  jitter: number;
  /** Attempts in all before a client error (4xx other than 408, 429; 3xx) is final. */
  clientErrorAttempts: number;
  /** How long one attempt may take, answer included (the specification suggests 15 to 30 s). */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  firstDelayMs: 5_000,
  factor: 3,
  maxDelayMs: 6 * 60 * 60 * 1000,
  horizonMs: 72 * 60 * 60 * 1000,
  jitter: 0.2,
  clientErrorAttempts: 5,
  timeoutMs: 15_000,
};

export type AttemptVerdict = 'delivered' | 'temporary' | 'client_error' | 'gone';

/** What an answer (or its absence: `status` null) means for the delivery. */
export function verdictOf(status: number | null): AttemptVerdict {
  if (status === null) return 'temporary';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status >= 500 || status === 408 || status === 429) return 'temporary';
  return 'client_error';
}

/** The delay before attempt number `attempt + 1` of a series, without jitter. */
export function baseDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** Math.max(0, attempt - 1));
}

export interface NextStep {
  state: 'delivered' | 'pending' | 'failed';
  next_attempt_at: number | null;
}

/**
 * After attempt number `seriesAttempts` of a series that began at `seriesStartedAt`, answered `status` (null: none)
 * with `retryAfterMs` (null: none), at `now`: delivered, due again at a time, or given up. `random` in [0, 1).
 */
export function nextStep(
  attempt: { status: number | null; retryAfterMs: number | null },
  seriesAttempts: number,
  seriesStartedAt: number,
  now: number,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): NextStep {
  const verdict = verdictOf(attempt.status);
  if (verdict === 'delivered') return { state: 'delivered', next_attempt_at: null };
  if (verdict === 'gone') return { state: 'failed', next_attempt_at: null };
  if (verdict === 'client_error' && seriesAttempts >= policy.clientErrorAttempts) return { state: 'failed', next_attempt_at: null };
  const jittered = baseDelay(seriesAttempts, policy) * (1 - policy.jitter + 2 * policy.jitter * random());
  const delay = Math.max(jittered, Math.min(attempt.retryAfterMs ?? 0, policy.maxDelayMs));
  const at = now + Math.round(delay);
  if (at > seriesStartedAt + policy.horizonMs) return { state: 'failed', next_attempt_at: null };
  return { state: 'pending', next_attempt_at: at };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
