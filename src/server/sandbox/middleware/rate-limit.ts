import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Clock } from '../../../core/clock.js';

/**
 * CoinsPaid's limit on exchange/calculate: 30 requests a minute per IP; past that its edge answers 429 for about a
 * minute. Counted on a sliding 60-second window of the sandbox clock.
 */
export class PerIpRateLimit {
  readonly #hits = new Map<string, number[]>();
  readonly #blockedUntil = new Map<string, number>();

  constructor(
    readonly clock: Clock,
    readonly limit = 30,
    readonly windowMs = 60_000,
  ) {}

  /** Records a request; false when it must be refused. */
  allow(ip: string): boolean {
    const now = this.clock.now();
    if ((this.#blockedUntil.get(ip) ?? 0) > now) return false;
    const recent = (this.#hits.get(ip) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.#blockedUntil.set(ip, now + this.windowMs);
      this.#hits.set(ip, recent);
      return false;
    }
    recent.push(now);
    this.#hits.set(ip, recent);
    return true;
  }

  reset(): void {
    this.#hits.clear();
    this.#blockedUntil.clear();
  }
}

export interface RateLimitOptions {
  limiter: PerIpRateLimit;
  /** The client's IP: the limit is per IP. */
  clientIp: (c: Context) => string;
  /** The refusal's body: CoinsPaid's edge answers plain text, not JSON. Default `error code: 1015`. */
  message?: string;
  /** Retry-After of the refusal, in seconds. Default 60. */
  retryAfterSeconds?: number;
}

/** Refuses a client over the limit with a non-JSON 429, as CoinsPaid's edge does. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { limiter, clientIp, message = 'error code: 1015', retryAfterSeconds = 60 } = options;
  return async function rateLimit(c, next) {
    if (!limiter.allow(clientIp(c))) {
      throw new HTTPException(429, { res: c.text(message, 429, { 'Retry-After': String(retryAfterSeconds) }) });
    }
    await next();
  };
}
