import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { percentile } from './stats.js';
import type { PhaseSample, ProfileSummary } from './protocol.js';

/**
 * Measures what this process spends during one phase of a benchmark: CPU, event-loop utilization and delay, GC, and
 * the requests and callback handler times its server reports. Used in the server child and the generator child, so
 * a slow figure can be pinned on the side that was busy.
 */
export class PhaseMeter {
  #cpu = process.cpuUsage();
  #elu: EventLoopUtilization = performance.eventLoopUtilization();
  #t0 = performance.now();
  #delay = monitorEventLoopDelay({ resolution: 5 });
  #gcCount = 0;
  #gcMs = 0;
  #requests = 0;
  #callbackMs: number[] = [];
  readonly #gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.#gcCount++;
      this.#gcMs += entry.duration;
    }
  });

  constructor() {
    this.#gc.observe({ entryTypes: ['gc'] });
    this.#delay.enable();
  }

  start(): void {
    this.#cpu = process.cpuUsage();
    this.#elu = performance.eventLoopUtilization();
    this.#t0 = performance.now();
    this.#delay.reset();
    this.#gcCount = 0;
    this.#gcMs = 0;
    this.#requests = 0;
    this.#callbackMs = [];
  }

  countRequest(): void {
    this.#requests++;
  }

  recordCallback(ms: number): void {
    this.#callbackMs.push(ms);
  }

  end(): PhaseSample {
    const cpu = process.cpuUsage(this.#cpu);
    const elu = performance.eventLoopUtilization(this.#elu);
    const callbacks = [...this.#callbackMs].sort((a, b) => a - b);
    const ns = (n: number) => (Number.isFinite(n) ? n / 1e6 : 0);
    return {
      seconds: (performance.now() - this.#t0) / 1000,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      elu: elu.utilization,
      loopDelayMs: { p50: ns(this.#delay.percentile(50)), p99: ns(this.#delay.percentile(99)), max: ns(this.#delay.max) },
      gc: { count: this.#gcCount, ms: this.#gcMs },
      requests: this.#requests,
      callbackHandlerMs: {
        count: callbacks.length,
        p50: percentile(callbacks, 50),
        p99: percentile(callbacks, 99),
        max: callbacks.at(-1) ?? NaN,
      },
    };
  }
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The project's root as profile URLs spell it (file:///…/), so paths can be shown relative to it. */
const ROOT = new URL('../../', import.meta.url).href;

/** Where a function lives, coarsely: a package, a directory of this project, Node's internals, or V8's own states. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const path = url.startsWith(ROOT) ? url.slice(ROOT.length) : url;
  const own = /^(src\/[^/]+\/[^/]+(?=\/)|src\/[^/]+|bench|test)/.exec(path);
  return own ? own[1]! : path.replace(/^.*\//, '');
}

/** Folds a V8 CPU profile into self time per area and per function (top `top`). */
export function summarizeProfile(profile: CpuProfile, top = 12): ProfileSummary {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; attribute it to the sample that follows, as DevTools does.
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') continue;
    total += ms;
    const area = areaOf(url, functionName || '(anonymous)');
    areas.set(area, (areas.get(area) ?? 0) + ms);
    // Line numbers are left out: they would be of tsx's transpiled output, not of the source.
    const where = url ? (url.startsWith(ROOT) ? url.slice(ROOT.length) : url).replace(/^.*\/node_modules\//, '') : '';
    const fn = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  return {
    totalMs: total,
    byArea: ranked(areas).map(({ name, ms, share }) => ({ area: name, ms, share })),
    topFunctions: ranked(fns).map(({ name, ms, share }) => ({ fn: name, ms, share })),
  };
}

/** V8's sampling profiler on this very process, through the inspector (no --inspect port is opened). */
export class SelfProfiler {
  #session: Session | undefined;

  async start(): Promise<void> {
    this.#session = new Session();
    this.#session.connect();
    await this.#session.post('Profiler.enable');
    await this.#session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.#session.post('Profiler.start');
  }

  async stop(): Promise<ProfileSummary | null> {
    const session = this.#session;
    if (!session) return null;
    this.#session = undefined;
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    session.disconnect();
    return summarizeProfile(profile);
  }
}
