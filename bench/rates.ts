/**
 * Rate load: N concurrent widgets polling GET /rates for one pair on a time-scaled clock, against the server child.
 *  - `rates`  — the fan-out of issue 3: 1,000 clients for three API minutes; upstream calls, statuses, staleness.
 *  - `growth` — the same at several client counts (100, 1,000, 3,000), each on a fresh server, with what it takes
 *               to explain the growth: throughput (Little's law), the server's CPU per request and event-loop
 *               utilization, the generator's own utilization, first-request latencies and the kernel's listen-queue
 *               overflows. `--backlog` changes the server's listen backlog; `--profile` folds a CPU profile of the
 *               server during each level.
 */
import { performance } from 'node:perf_hooks';
import { LISTEN_BACKLOG } from '../src/server/listening.js';
import { createCheckoutToken } from '../src/server/proxy/index.js';
import { option } from './lib/cli.js';
import { get, keepAliveAgent, upstreamCalls } from './lib/http.js';
import { countersSince, listenCounters, somaxconn, type ListenCounters } from './lib/netstat.js';
import type { PhaseSample, ProfileSummary } from './lib/protocol.js';
import { benchmark, type Section } from './lib/report.js';
import { ServerChild, type ServerChildOptions } from './lib/server-child.js';
import { ms, round, spread, type Spread } from './lib/stats.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

export interface RateLoadOptions {
  clients: number;
  /** Wall-clock seconds of load. */
  seconds: number;
  /** API time runs this many times faster (a 6 s run spans three API minutes at ×30). */
  timeScale: number;
  /** One token for every client (today's rates run) or one per client, as real widgets have. */
  tokenPerClient: boolean;
  profile: boolean;
  server: ServerChildOptions;
}

export interface RateLoadResult {
  clients: number;
  requests: number;
  throughput: number;
  latency: Spread;
  firstRequest: Spread;
  /** First requests that took a second or more: the signature of a dropped SYN being retried. */
  firstOverOneSecond: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  stale: number;
  upstreamCalls: number;
  server: PhaseSample;
  profile: ProfileSummary | null;
  generator: { elu: number; cpuMs: number };
  listenQueue: ListenCounters | null;
  backlog: number;
}

export async function rateLoad(options: RateLoadOptions): Promise<RateLoadResult> {
  const server = await ServerChild.start({ ...options.server, timeScale: options.timeScale });
  try {
    const { urls, token, tokenSecret, sandboxUrl } = server.ready;
    const tokens = options.tokenPerClient
      ? await Promise.all(
          Array.from({ length: options.clients }, (_, i) =>
            createCheckoutToken(tokenSecret, { foreign_id: `bench-widget-${i}` }, { expiresIn: '2h' }),
          ),
        )
      : [token];
    const agent = keepAliveAgent();
    const latencies: number[] = [];
    const first: number[] = [];
    const statuses: Record<string, number> = {};
    const errors: Record<string, number> = {};
    let stale = 0;
    const counters = listenCounters();
    await server.phaseStart(options.profile);
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.clients }, async (_, client) => {
        const url = `${urls[client % urls.length]}/rates?from=BTC&to=EUR`;
        const headers = { Authorization: `Bearer ${tokens[client % tokens.length]}` };
        let firstDone = false;
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const { status, body } = await get(url, agent, headers);
            const took = performance.now() - t0;
            latencies.push(took);
            if (!firstDone) first.push(took);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status === 200 && body.includes('"stale":true')) stale++;
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code ?? 'error';
            errors[code] = (errors[code] ?? 0) + 1;
            if (!firstDone) first.push(performance.now() - t0);
          }
          firstDone = true;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const generatorElu = performance.eventLoopUtilization(elu).utilization;
    const generatorCpu = process.cpuUsage(cpu);
    const { phase, profile } = await server.phaseEnd();
    const listenQueue = countersSince(counters);
    agent.destroy();
    const calls = await upstreamCalls(sandboxUrl);
    return {
      clients: options.clients,
      requests: latencies.length,
      throughput: latencies.length / elapsed,
      latency: spread(latencies),
      firstRequest: spread(first),
      firstOverOneSecond: first.filter((t) => t >= 1000).length,
      statuses,
      errors,
      stale,
      upstreamCalls: calls,
      server: phase,
      profile,
      generator: { elu: generatorElu, cpuMs: (generatorCpu.user + generatorCpu.system) / 1000 },
      listenQueue,
      backlog: options.server.backlog ?? LISTEN_BACKLOG,
    };
  } finally {
    await server.stop();
  }
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([k, n]) => `${k}×${n}`)
    .join(', ') || 'none';

const p = (s: Spread) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;

export function profileRows(profile: ProfileSummary | null): Array<[string, string]> {
  if (!profile) return [];
  const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
  return [
    [
      `server CPU profile (${profile.totalMs.toFixed(0)} ms sampled): self time by area`,
      profile.byArea
        .slice(0, 8)
        .map((a) => `${a.area} ${pct(a.share)}`)
        .join(', '),
    ],
    [
      'server CPU profile: top functions by self time',
      profile.topFunctions
        .slice(0, 8)
        .map((f) => `${f.fn} ${pct(f.share)}`)
        .join('; '),
    ],
  ];
}

export function serverRows(phase: PhaseSample, requests?: number): Array<[string, string]> {
  const cpu = phase.cpuUserMs + phase.cpuSystemMs;
  return [
    [
      'server: CPU (user + system), event-loop utilization, loop delay p99 / max, GC',
      `${cpu.toFixed(0)} ms (${((cpu / 1000 / phase.seconds) * 100).toFixed(0)}% of a core), ELU ${phase.elu.toFixed(2)}, ` +
        `${ms(phase.loopDelayMs.p99)} / ${ms(phase.loopDelayMs.max)}, ${phase.gc.count} GCs ${ms(phase.gc.ms)}` +
        (requests ? `; ${((cpu * 1000) / requests).toFixed(0)} µs CPU per request` : ''),
    ],
  ];
}

function compactProfile(profile: ProfileSummary | null) {
  if (!profile) return null;
  return {
    totalMs: round(profile.totalMs),
    byArea: profile.byArea.map((a) => ({ ...a, ms: round(a.ms), share: round(a.share, 3) })),
    topFunctions: profile.topFunctions.map((f) => ({ ...f, ms: round(f.ms), share: round(f.share, 3) })),
  };
}

const spreadFigures = (s: Spread) => ({
  n: s.n,
  p50: round(s.p50),
  p95: round(s.p95),
  p99: round(s.p99),
  max: round(s.max),
  mean: round(s.mean),
});

export function phaseFigures(phase: PhaseSample) {
  return {
    seconds: round(phase.seconds, 2),
    cpuMs: round(phase.cpuUserMs + phase.cpuSystemMs),
    elu: round(phase.elu, 3),
    loopDelayMs: { p50: round(phase.loopDelayMs.p50), p99: round(phase.loopDelayMs.p99), max: round(phase.loopDelayMs.max) },
    gc: { count: phase.gc.count, ms: round(phase.gc.ms) },
    requests: phase.requests,
    callbackHandlerMs: {
      count: phase.callbackHandlerMs.count,
      p50: round(phase.callbackHandlerMs.p50),
      p99: round(phase.callbackHandlerMs.p99),
      max: round(phase.callbackHandlerMs.max),
    },
  };
}

function loadFigures(r: RateLoadResult) {
  return {
    clients: r.clients,
    requests: r.requests,
    throughput: Math.round(r.throughput),
    latencyMs: spreadFigures(r.latency),
    firstRequestMs: spreadFigures(r.firstRequest),
    firstOverOneSecond: r.firstOverOneSecond,
    statuses: r.statuses,
    errors: r.errors,
    stale: r.stale,
    upstreamCalls: r.upstreamCalls,
    littleLawMs: round((r.clients / r.throughput) * 1000),
    serverCpuPerRequestUs: Math.round(((r.server.cpuUserMs + r.server.cpuSystemMs) * 1000) / Math.max(1, r.server.requests)),
    server: phaseFigures(r.server),
    generator: { elu: round(r.generator.elu, 3), cpuMs: round(r.generator.cpuMs) },
    listenQueue: r.listenQueue,
    backlog: r.backlog,
    profile: compactProfile(r.profile),
  };
}

const rateOptions = {
  clients: option(1000, 'concurrent widgets polling one pair'),
  seconds: option(6, 'wall-clock seconds of load'),
  timeScale: option(30, 'API clock speed-up (6 s × 30 = three API minutes)'),
  backlog: option(LISTEN_BACKLOG, "server listen backlog (npm start and the bin: 4096; Node's default is 511)"),
  profile: option(false, 'fold a CPU profile of the server during the load'),
};

export async function rateFanOut(
  key: string,
  label: string,
  values: { clients: number; seconds: number; timeScale: number; backlog: number; profile: boolean },
  server: ServerChildOptions,
): Promise<Section> {
  const r = await rateLoad({
    clients: values.clients,
    seconds: values.seconds,
    timeScale: values.timeScale,
    tokenPerClient: false,
    profile: values.profile,
    server: { ...server, backlog: values.backlog },
  });
  const apiMinutes = (values.seconds * values.timeScale) / 60;
  return {
    key,
    title: `rate fan-out, ${label}: ${values.clients.toLocaleString('en')} clients, one pair, ${apiMinutes.toFixed(0)} API minute${apiMinutes === 1 ? '' : 's'} (×${values.timeScale})`,
    rows: [
      ['requests (throughput)', `${r.requests} (${Math.round(r.throughput)} req/s)`],
      ['upstream exchange/calculate calls', `${r.upstreamCalls} (fix periods spanned: ${Math.ceil(apiMinutes) + 1} at most)`],
      ['HTTP statuses seen by clients; client errors', `${counts(r.statuses)}; ${counts(r.errors)}`],
      ['stale answers', String(r.stale)],
      ['client latency p50 / p95 / p99', p(r.latency)],
      ['first request per client p50 / max', `${ms(r.firstRequest.p50)} / ${ms(r.firstRequest.max)}`],
      ...serverRows(r.server, r.server.requests),
      ...profileRows(r.profile),
    ],
    figures: loadFigures(r),
  };
}

export const rates = benchmark({
  name: 'rates',
  summary: 'rate fan-out: 1,000 clients poll one pair for three API minutes on a 30× clock (one process, memory store)',
  options: rateOptions,
  run: async (values) => [await rateFanOut('single', 'one process, memory store', values, {})],
});

export const growth = benchmark({
  name: 'growth',
  summary: 'rate latency as clients grow (100, 1,000, 3,000 on one pair), each on a fresh server, with the cause',
  options: {
    clients: option([100, 1000, 3000], 'client counts, one fresh server each'),
    seconds: option(6, 'wall-clock seconds of load per count'),
    timeScale: option(30, 'API clock speed-up'),
    backlog: option(
      LISTEN_BACKLOG,
      "server listen backlog (npm start and the bin: 4096; Node's default is 511; Linux caps it at net.core.somaxconn)",
    ),
    tokenPerClient: option(true, 'each widget its own checkout token (false: one shared token)'),
    redis: option(false, 'three instances on Redis instead of one process'),
    profile: option(false, 'fold a CPU profile of the server during each count'),
  },
  run: async (values) => {
    const redis = values.redis ? await startRedisServer() : undefined;
    try {
      const results: RateLoadResult[] = [];
      for (const clients of values.clients) {
        results.push(
          await rateLoad({
            clients,
            seconds: values.seconds,
            timeScale: values.timeScale,
            tokenPerClient: values.tokenPerClient,
            profile: values.profile,
            server: { backlog: values.backlog, ...(redis ? { redisUrl: redis.url, instances: 3 } : {}) },
          }),
        );
      }
      const cap = somaxconn();
      return results.map((r) => ({
        key: `clients${r.clients}`,
        title: `growth: ${r.clients.toLocaleString('en')} clients, one pair, ${values.seconds} s (backlog ${r.backlog}${cap !== null ? `, somaxconn ${cap}` : ''})`,
        rows: [
          ['requests (throughput)', `${r.requests} (${Math.round(r.throughput)} req/s)`],
          ['latency p50 / p95 / p99 (mean)', `${p(r.latency)} (${ms(r.latency.mean)})`],
          ["clients ÷ throughput (Little's law: the mean latency of a closed loop)", ms((r.clients / r.throughput) * 1000)],
          [
            'first request per client p50 / p95 / max; ≥ 1 s',
            `${ms(r.firstRequest.p50)} / ${ms(r.firstRequest.p95)} / ${ms(r.firstRequest.max)}; ${r.firstOverOneSecond}`,
          ],
          ['statuses; client errors', `${counts(r.statuses)}; ${counts(r.errors)}`],
          ['upstream exchange/calculate calls', String(r.upstreamCalls)],
          ...serverRows(r.server, r.server.requests),
          ['generator (this process): ELU, CPU', `${r.generator.elu.toFixed(2)}, ${r.generator.cpuMs.toFixed(0)} ms`],
          [
            'kernel listen queue during the run: overflows / drops (TcpExt)',
            r.listenQueue ? `${r.listenQueue.ListenOverflows} / ${r.listenQueue.ListenDrops}` : 'n/a (no /proc/net/netstat)',
          ],
          ...profileRows(r.profile),
        ],
        figures: loadFigures(r),
      }));
    } finally {
      await redis?.destroy();
    }
  },
});

export { rateOptions };
