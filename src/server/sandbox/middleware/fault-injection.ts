import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../endpoints.js';
import type { Fault, Faults } from '../faults.js';

export interface FaultInjectionOptions {
  /** The faults set with POST /control/faults. */
  faults: Faults;
  /** Waits `ms` of wall time (latency, timeout): they delay real HTTP. Default: a plain timer. */
  wait?: (ms: number) => Promise<void>;
  /** How long a timeout fault without `ms` hangs. Default 10 minutes: longer than any client waits. */
  hangMs?: number;
}

/**
 * Fails a request the way CoinsPaid (or its edge) sometimes does, when a fault is set for its endpoint: a 503, JSON
 * cut short, an edge's HTML 429, a hang, or added latency before the normal answer.
 */
export function faultInjection(options: FaultInjectionOptions): MiddlewareHandler<ApiEnv> {
  const { faults, wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)), hangMs = 600_000 } = options;

  async function answer(fault: Fault, c: Context): Promise<Response | undefined> {
    switch (fault.kind) {
      case 'latency':
        await wait(fault.ms);
        return undefined;
      case '5xx':
        return c.json({ error: 'Service temporarily unavailable', code: 'sandbox_fault' }, 503);
      case 'malformed_json':
        return c.body('{"data": {"truncated', 200, { 'Content-Type': 'application/json' });
      case 'html_429':
        return c.html(
          '<html><head><title>429 Too Many Requests</title></head><body><h1>Error 1015</h1><p>You are being rate limited.</p></body></html>',
          429,
          { 'Retry-After': '60' },
        );
      case 'timeout':
        // Hangs until the client gives up (or the wait is cut short), then answers nothing useful.
        await wait(fault.ms || hangMs);
        return c.json({ error: 'Gateway timeout', code: 'sandbox_fault' }, 504);
    }
  }

  return async function faultInjection(c, next) {
    const fault = faults.take(c.var.endpoint);
    const faulted = fault && (await answer(fault, c));
    if (faulted) return faulted;
    await next();
  };
}
