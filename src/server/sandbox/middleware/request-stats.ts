import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../endpoints.js';

/** Requests per endpoint (GET /control/stats): a test can check how often a client really called CoinsPaid. */
export class RequestStats {
  #counts: Record<string, number> = {};

  record(endpoint: string): void {
    this.#counts[endpoint] = (this.#counts[endpoint] ?? 0) + 1;
  }

  /** Counts by endpoint, in the order endpoints were first called. */
  snapshot(): Record<string, number> {
    return { ...this.#counts };
  }

  reset(): void {
    this.#counts = {};
  }
}

export interface RequestStatsOptions {
  stats: RequestStats;
}

/** Counts every request that reached a known endpoint, before anything can refuse, limit or fault it. */
export function requestStats({ stats }: RequestStatsOptions): MiddlewareHandler<ApiEnv> {
  return async function requestStats(c, next) {
    stats.record(c.var.endpoint);
    await next();
  };
}
