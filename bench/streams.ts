/**
 * Stream fan-out: S concurrent status streams following P payments (S / P followers each: tabs, devices, reloads),
 * held by a generator child (bench/stream-client.ts) apart from the server child. Measures the connect time,
 * callback → delivery latency one callback at a time and for a burst of P callbacks at the same moment, and where
 * the server's memory goes: RSS and its parts idle, at load, after delivery, after every stream closed, and after a
 * forced full GC (the server child runs with --expose-gc unless `--gc false`).
 *
 * `--allocator jemalloc`, `--malloc-arena-max N` and `--server-flags "…"` run the same load under another allocator
 * or V8 settings, to tell memory the program holds from memory the allocator keeps.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressGrant } from '../src/core/wire.js';
import { createCheckoutToken } from '../src/server/proxy/index.js';
import { option, type Values } from './lib/cli.js';
import { get, keepAliveAgent, post } from './lib/http.js';
import { ask, first } from './lib/ipc.js';
import type {
  CallbackOrder,
  GeneratorReply,
  GeneratorRequest,
  MemorySample,
  PhaseSample,
  ProfileSummary,
  StreamTarget,
} from './lib/protocol.js';
import { phaseFigures, profileRows, serverRows } from './rates.js';
import { heapGrowth, summarizeHeapSnapshot } from './lib/heap-summary.js';
import { benchmark, type Section } from './lib/report.js';
import { ServerChild, type ServerChildOptions } from './lib/server-child.js';
import { mb, ms, round, spread, type Spread } from './lib/stats.js';

export const streamOptions = {
  streams: option(5000, 'concurrent SSE streams'),
  payments: option(100, 'payments they follow (streams ÷ payments followers each)'),
  heartbeatMs: option(15_000, 'SSE heartbeat of the proxy, the same in both shapes'),
  generators: option(1, 'generator child processes holding the streams (payments are split between them)'),
  connectConcurrency: option(1, 'streams each generator opens at a time (1: one after another)'),
  settleSeconds: option(3, 'idle seconds after the last stream closed before the final memory reading'),
  trafficSeconds: option(0, 'then this many seconds of cached-rate requests (10 clients) before reading memory again, no forced GC'),
  gc: option(true, 'run the server with --expose-gc and read memory after a forced full GC too'),
  allocator: option('glibc', 'glibc, or jemalloc (LD_PRELOAD of libjemalloc.so.2) for the server child'),
  mallocArenaMax: option(0, 'MALLOC_ARENA_MAX for the server child (0: glibc default)'),
  serverFlags: option('', 'extra Node flags for the server child, e.g. "--max-semi-space-size=1"'),
  profile: option(false, 'fold a CPU profile of the server during connect, steady and burst'),
  heapSnapshot: option(
    false,
    'heap snapshots of the server idle and with the streams connected, diffed per kind (≤ 3,000 streams; readings after it include the snapshot)',
  ),
  timeoutMs: option(30_000, 'give up waiting for a delivery after this long'),
};

const JEMALLOC = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
];

function serverEnvironment(values: Values<typeof streamOptions>): ServerChildOptions {
  const env: Record<string, string> = {};
  if (values.allocator === 'jemalloc') {
    const library = JEMALLOC.find((path) => existsSync(path));
    if (!library) throw new Error('--allocator jemalloc: libjemalloc.so.2 not found (Debian: apt-get install libjemalloc2)');
    env['LD_PRELOAD'] = library;
  } else if (values.allocator !== 'glibc') throw new Error(`--allocator must be glibc or jemalloc, not ${values.allocator}`);
  if (values.mallocArenaMax > 0) env['MALLOC_ARENA_MAX'] = String(values.mallocArenaMax);
  return {
    heartbeatMs: values.heartbeatMs,
    env,
    nodeFlags: [...(values.gc ? ['--expose-gc'] : []), ...values.serverFlags.split(/\s+/).filter(Boolean)],
  };
}

async function takeAddress(url: string, token: string): Promise<AddressGrant> {
  const { status, body } = await post(`${url}/addresses`, JSON.stringify({ currency: 'BTC' }), false, { Authorization: `Bearer ${token}` });
  if (status !== 201) throw new Error(`addresses answered ${status}: ${body}`);
  return JSON.parse(body) as AddressGrant;
}

class Generator {
  private constructor(readonly child: ChildProcess) {}

  static async start(): Promise<Generator> {
    const child = fork(new URL('./stream-client.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    await first<GeneratorReply, 'ready'>(child, 'ready');
    return new Generator(child);
  }

  ask<T extends GeneratorReply['type']>(request: GeneratorRequest, answer: T) {
    return ask<GeneratorReply, T>(this.child, request, answer);
  }
}

type Stage = 'idle' | 'connected' | 'connectedGc' | 'delivered' | 'closed' | 'settled' | 'traffic' | 'closedGc';

const STAGE_LABELS: Record<Stage, string> = {
  idle: 'idle (after GC)',
  connected: 'streams connected',
  connectedGc: 'streams connected, after GC',
  delivered: 'after the deliveries',
  closed: 'every stream closed',
  settled: 'closed and idle for --settle-seconds, no forced GC',
  traffic: 'after --traffic-seconds of rate requests, no forced GC',
  closedGc: 'then after a forced GC',
};

interface Phase {
  server: PhaseSample;
  profile: ProfileSummary | null;
}

/** Memory the V8 heap and Buffers do not explain: malloc'd by Node and libraries, or freed and kept by the allocator. */
const otherNative = (m: MemorySample) => Math.max(0, m.rssAnon - m.heapTotal - m.external);

function memoryRow(stage: Stage, m: MemorySample): [string, string] {
  return [
    `server memory, ${STAGE_LABELS[stage]}: RSS (anon) · V8 heap used / committed · external (ArrayBuffers) · other native · connections`,
    `${mb(m.rss)} (${mb(m.rssAnon)}) · ${mb(m.heapUsed)} / ${mb(m.heapTotal)} · ${mb(m.external)} (${mb(m.arrayBuffers)}) · ${mb(otherNative(m))} · ${m.connections}`,
  ];
}

const memoryFigures = (m: MemorySample) => ({
  rss: m.rss,
  rssAnon: m.rssAnon,
  rssFile: m.rssFile,
  heapUsed: m.heapUsed,
  heapTotal: m.heapTotal,
  external: m.external,
  arrayBuffers: m.arrayBuffers,
  v8Malloced: m.v8Malloced,
  otherNative: otherNative(m),
  connections: m.connections,
});

function phaseRows(name: string, phase: Phase): Array<[string, string]> {
  const rows = serverRows(phase.server).map(([measure, value]): [string, string] => [`${name} — ${measure}`, value]);
  if (phase.server.callbackHandlerMs.count)
    rows.push([
      `${name} — server time in the /callback handler p50 / p99 / max (verify, de-duplicate, publish to followers)`,
      `${ms(phase.server.callbackHandlerMs.p50)} / ${ms(phase.server.callbackHandlerMs.p99)} / ${ms(phase.server.callbackHandlerMs.max)}`,
    ]);
  rows.push(...profileRows(phase.profile).map(([measure, value]): [string, string] => [`${name} — ${measure}`, value]));
  return rows;
}

export async function streamFanOut(
  label: string,
  key: string,
  values: Values<typeof streamOptions>,
  shape: ServerChildOptions,
): Promise<Section> {
  const server = await ServerChild.start({ ...serverEnvironment(values), ...shape });
  const generators: Generator[] = [];
  try {
    const memory: Partial<Record<Stage, MemorySample>> = {};
    memory.idle = await server.memory(values.gc);
    const snapshot = async (name: string) => {
      const path = await server.heapSnapshot(join(tmpdir(), `bench-streams-${server.pid}-${name}.heapsnapshot`));
      try {
        return summarizeHeapSnapshot(path);
      } finally {
        rmSync(path, { force: true });
      }
    };
    const heapIdle = values.heapSnapshot ? await snapshot('idle') : null;
    const { urls, tokenSecret, apiKey, apiSecret } = server.ready;
    const grants: AddressGrant[] = [];
    for (let i = 0; i < values.payments; i++) {
      const token = await createCheckoutToken(tokenSecret, { foreign_id: `bench-customer-${i}` });
      grants.push(await takeAddress(urls[0]!, token));
    }
    for (let g = 0; g < values.generators; g++) generators.push(await Generator.start());
    const generatorOf = (payment: number) => generators[payment % generators.length]!;
    await Promise.all(
      generators.map((generator, g) =>
        generator.ask(
          {
            type: 'init',
            apiKey,
            apiSecret,
            addresses: Object.fromEntries(grants.flatMap((grant, p) => (p % generators.length === g ? [[p, grant.address]] : []))),
          },
          'ready',
        ),
      ),
    );
    // Follower k of a payment connects to instance k mod n; callbacks go round the instances, so in the Redis shape
    // most deliveries cross pub/sub.
    const targets: StreamTarget[][] = generators.map(() => []);
    for (let i = 0; i < values.streams; i++) {
      const payment = i % values.payments;
      targets[payment % generators.length]!.push({
        payment,
        url: `${urls[Math.floor(i / values.payments) % urls.length]}/${grants[payment]!.follow.stream}`,
      });
    }

    const phase = async (run: () => Promise<void>): Promise<Phase> => {
      await server.phaseStart(values.profile);
      await run();
      const { phase: sample, profile } = await server.phaseEnd();
      return { server: sample, profile };
    };

    let connectSeconds = 0;
    let connectFailures = 0;
    const connect = await phase(async () => {
      const opened = await Promise.all(
        generators.map((generator, g) =>
          generator.ask({ type: 'open', streams: targets[g]!, concurrency: values.connectConcurrency }, 'opened'),
        ),
      );
      connectSeconds = Math.max(...opened.map((o) => o.seconds));
      connectFailures = opened.reduce((n, o) => n + o.failures, 0);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    memory.connected = await server.memory();
    if (values.gc) memory.connectedGc = await server.memory(true);
    const heap = heapIdle ? heapGrowth(heapIdle, await snapshot('connected')) : null;

    const order = (payment: number, id: number, status: string, n: number): CallbackOrder => ({
      payment,
      id,
      status,
      callbackUrl: `${urls[n % urls.length]}/callback`,
    });
    // Steady state: callbacks one after another, as CoinsPaid sends them, each to its payment's followers.
    const steadyLatencies: number[] = [];
    let missing = 0;
    const steady = await phase(async () => {
      for (let p = 0; p < values.payments; p++) {
        const delivered = await generatorOf(p).ask(
          { type: 'deliver', orders: [order(p, 900_000 + p, 'not_confirmed', p)], timeoutMs: values.timeoutMs },
          'delivered',
        );
        steadyLatencies.push(...delivered.latencies);
        missing += delivered.missing;
      }
    });
    // Burst: a callback for every payment at the same moment.
    const burstLatencies: number[] = [];
    const generatorBurst: PhaseSample[] = [];
    const burst = await phase(async () => {
      const delivered = await Promise.all(
        generators.map((generator, g) =>
          generator.ask(
            {
              type: 'deliver',
              orders: grants.flatMap((_, p) =>
                p % generators.length === g ? [order(p, 800_000 + p, 'confirmed', values.payments + p)] : [],
              ),
              timeoutMs: values.timeoutMs,
            },
            'delivered',
          ),
        ),
      );
      for (const d of delivered) {
        burstLatencies.push(...d.latencies);
        missing += d.missing;
        generatorBurst.push(d.phase);
      }
    });
    memory.delivered = await server.memory();

    const closeStarted = performance.now();
    await Promise.all(generators.map((generator) => generator.ask({ type: 'close' }, 'closed')));
    for (let waited = 0; waited < 30_000; waited += 100) {
      memory.closed = await server.memory();
      if (memory.closed.connections <= (memory.idle.connections ?? 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const closeSeconds = (performance.now() - closeStarted) / 1000;
    await new Promise((resolve) => setTimeout(resolve, values.settleSeconds * 1000));
    memory.settled = await server.memory();
    if (values.trafficSeconds > 0) {
      // Does the server give the memory back on its own once it works again (no forced GC, as in production)?
      const agent = keepAliveAgent();
      const deadline = performance.now() + values.trafficSeconds * 1000;
      const headers = { Authorization: `Bearer ${server.ready.token}` };
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (performance.now() < deadline) await get(`${urls[0]}/rates?from=BTC&to=EUR`, agent, headers);
        }),
      );
      agent.destroy();
      memory.traffic = await server.memory();
    }
    if (values.gc) memory.closedGc = await server.memory(true);

    const s = spread(steadyLatencies);
    const b = spread(burstLatencies);
    const perThousand = (m: MemorySample, f: (x: MemorySample) => number) => ((f(m) - f(memory.idle!)) / values.streams) * 1000;
    const gen = generatorBurst.reduce((worst, g) => (g.loopDelayMs.max > worst.loopDelayMs.max ? g : worst), generatorBurst[0]!);
    const stages = (Object.keys(STAGE_LABELS) as Stage[]).filter((stage) => memory[stage]);
    const p = (x: Spread) => `${ms(x.p50)} / ${ms(x.p95)} / ${ms(x.p99)} / ${ms(x.max)}`;
    const rows: Array<[string, string]> = [
      ['connected in (failures)', `${connectSeconds.toFixed(1)} s (${connectFailures})`],
      [`callback → delivery, one callback at a time (${s.n} deliveries) p50 / p95 / p99 / max`, p(s)],
      [`callback → delivery, ${values.payments} callbacks at the same moment (${b.n} deliveries) p50 / p95 / p99 / max`, p(b)],
      ['deliveries missing (timed out)', String(missing)],
      ...phaseRows('connect', connect),
      ...phaseRows('steady', steady),
      ...phaseRows('burst', burst),
      [
        `burst — generator child${generators.length > 1 ? ` (the busiest of ${generators.length})` : ''}: ELU, loop delay p99 / max, CPU`,
        `${gen.elu.toFixed(2)}, ${ms(gen.loopDelayMs.p99)} / ${ms(gen.loopDelayMs.max)}, ${(gen.cpuUserMs + gen.cpuSystemMs).toFixed(0)} ms`,
      ],
      ...stages.map((stage) => memoryRow(stage, memory[stage]!)),
      [
        `per 1,000 streams (connected − idle): RSS · V8 heap used · other native`,
        `${mb(perThousand(memory.connected, (m) => m.rss))} · ${mb(perThousand(memory.connected, (m) => m.heapUsed))} · ${mb(perThousand(memory.connected, otherNative))}`,
      ],
      ['streams closed in (until the server counted no open stream)', `${closeSeconds.toFixed(1)} s`],
    ];
    if (heap)
      rows.push([
        `heap snapshots, connected − idle: ${mb(heap.bytes)}, ${Math.round(heap.bytes / values.streams)} B and ` +
          `${(heap.objects / values.streams).toFixed(0)} objects per stream; largest kinds (bytes per stream, count per stream)`,
        heap.top
          .slice(0, 15)
          .map((k) => `${k.kind} ${Math.round(k.bytes / values.streams)} B ×${(k.count / values.streams).toFixed(1)}`)
          .join('; '),
      ]);
    if (heap)
      rows.push([
        'heap snapshots, connected − idle: named objects per stream (bytes, count), largest first',
        heap.named
          .slice(0, 25)
          .map((k) => `${k.kind} ${Math.round(k.bytes / values.streams)} B ×${(k.count / values.streams).toFixed(1)}`)
          .join('; '),
      ]);
    if (server.ready.preload || server.ready.execArgv.length)
      rows.push(['server child ran with', [server.ready.preload, ...server.ready.execArgv].filter(Boolean).join(' ')]);
    const spreadFigures = (x: Spread) => ({ n: x.n, p50: round(x.p50), p95: round(x.p95), p99: round(x.p99), max: round(x.max) });
    return {
      key,
      title: `stream fan-out, ${label}: ${values.streams.toLocaleString('en')} concurrent SSE streams on ${values.payments} payments`,
      rows,
      figures: {
        connectSeconds: round(connectSeconds, 2),
        connectFailures,
        steadyMs: spreadFigures(s),
        burstMs: spreadFigures(b),
        missing,
        closeSeconds: round(closeSeconds, 2),
        server: {
          connect: { ...phaseFigures(connect.server), profile: connect.profile },
          steady: { ...phaseFigures(steady.server), profile: steady.profile },
          burst: { ...phaseFigures(burst.server), profile: burst.profile },
        },
        generatorBurst: generatorBurst.map(phaseFigures),
        memory: Object.fromEntries(stages.map((stage) => [stage, memoryFigures(memory[stage]!)])),
        serverChild: { preload: server.ready.preload, execArgv: server.ready.execArgv },
        heap,
      },
    };
  } finally {
    for (const generator of generators) if (generator.child.exitCode === null) generator.child.kill();
    await server.stop();
  }
}

export const streams = benchmark({
  name: 'streams',
  summary: '5,000 SSE streams on 100 payments, one process: connect, callback → delivery, where the memory goes',
  options: streamOptions,
  run: async (values) => [await streamFanOut('one process, memory store', 'single', values, {})],
});
