import { Hono } from 'hono';
import type { Clock } from '../../core/clock.js';
import type { CoinsPaidClient } from '../coinspaid/client.js';
import type { ProxyStore } from '../store/types.js';
import type { WebhookQueue } from '../webhooks/types.js';

export interface HealthOptions {
  store: ProxyStore;
  client: CoinsPaidClient;
  /** The webhook queue, when webhooks are on. */
  queue: WebhookQueue | null;
  clock: Clock;
  draining: () => boolean;
  /** How long a check's result is reused: probes every second cost CoinsPaid one ping per this. Default 5 s. */
  cacheMs?: number;
  /** A check that takes longer has failed (probes time out after a second or so). Default 2 s. */
  checkTimeoutMs?: number;
}

export interface CheckResult {
  ok: boolean;
  /** Why not, in words. */
  error?: string;
  /** When it was checked (ISO 8601). */
  checked_at: string;
}

export interface Readiness {
  status: 'ready' | 'not_ready' | 'draining';
  checks: Record<string, CheckResult>;
}

/**
 * `GET /healthz`: the process is alive and serving (also while draining: restarting it would not help).
 * `GET /readyz`: this instance can take traffic — not draining, its store answers, CoinsPaid answers a ping, and the
 * webhook queue answers when webhooks are on. Each check's result is reused for a few seconds, and concurrent probes
 * share one check in flight.
 */
export function healthRoutes(options: HealthOptions): Hono {
  const { store, client, queue, clock, draining, cacheMs = 5_000, checkTimeoutMs = 2_000 } = options;
  const checks: Record<string, () => Promise<unknown>> = {
    store: () => store.get('service:readyz'),
    upstream: () => client.ping({ signal: AbortSignal.timeout(checkTimeoutMs) }),
    ...(queue ? { webhooks: () => queue.depth() } : {}),
  };
  const cached = new Map<string, { result: CheckResult; at: number } | Promise<CheckResult>>();

  const run = async (check: () => Promise<unknown>): Promise<CheckResult> => {
    const checkedAt = new Date(clock.now()).toISOString();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        check(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
        }),
      ]);
      return { ok: true, checked_at: checkedAt };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), checked_at: checkedAt };
    } finally {
      clearTimeout(timer);
    }
  };

  const result = (name: string, check: () => Promise<unknown>): Promise<CheckResult> => {
    const entry = cached.get(name);
    if (entry instanceof Promise) return entry;
    if (entry && clock.now() - entry.at < cacheMs) return Promise.resolve(entry.result);
    const pending = run(check).then((checked) => {
      cached.set(name, { result: checked, at: clock.now() });
      return checked;
    });
    cached.set(name, pending);
    return pending;
  };

  const app = new Hono();
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => result(name, checks[name]!)));
    const body: Readiness = {
      status: draining() ? 'draining' : results.every((r) => r.ok) ? 'ready' : 'not_ready',
      checks: Object.fromEntries(names.map((name, i) => [name, results[i]!])),
    };
    return c.json(body, body.status === 'ready' ? 200 : 503);
  });
  return app;
}
