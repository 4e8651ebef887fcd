import { fork, type ChildProcess } from 'node:child_process';
import { LISTEN_BACKLOG } from '../../src/server/listening.js';
import { ask, first } from './ipc.js';
import type { MemorySample, PhaseSample, ProfileSummary, Ready, ServerConfig, ServerReply, ServerRequest } from './protocol.js';

export interface ServerChildOptions extends Partial<ServerConfig> {
  /** Extra Node flags for the server child, e.g. ['--expose-gc', '--max-semi-space-size=1']. */
  nodeFlags?: string[];
  /** Extra environment, e.g. { LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2' }. */
  env?: Record<string, string>;
}

/** The server child (bench/server.ts) as the parent sees it: its URLs and secrets, and questions over IPC. */
export class ServerChild {
  readonly ready: Ready;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess, ready: Ready) {
    this.#child = child;
    this.ready = ready;
  }

  static async start(options: ServerChildOptions = {}): Promise<ServerChild> {
    const config: ServerConfig = {
      instances: options.instances ?? 1,
      timeScale: options.timeScale ?? 1,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      backlog: options.backlog ?? LISTEN_BACKLOG,
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    };
    const child = fork(new URL('../server.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      env: { ...process.env, ...options.env, BENCH_SERVER: JSON.stringify(config) },
      // The child's output goes to stderr: stdout carries only the report, its last line the JSON.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    return first<Ready, 'ready'>(child, 'ready').then((ready) => new ServerChild(child, ready));
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  #ask<T extends ServerReply['type']>(request: ServerRequest, answer: T): Promise<Extract<ServerReply, { type: T }>> {
    return ask<ServerReply, T>(this.#child, request, answer);
  }

  /** Memory now; after a full GC first when `gc` (needs the child started with --expose-gc). */
  async memory(gc = false): Promise<MemorySample & { gcDone: boolean }> {
    const { memory, gcAvailable } = await this.#ask({ type: 'memory', gc }, 'memory');
    return { ...memory, gcDone: gc && gcAvailable };
  }

  async phaseStart(profile = false): Promise<void> {
    await this.#ask({ type: 'phase-start', profile }, 'phase-started');
  }

  async phaseEnd(): Promise<{ phase: PhaseSample; profile: ProfileSummary | null }> {
    const { phase, profile } = await this.#ask({ type: 'phase-end' }, 'phase');
    return { phase, profile };
  }

  /** Writes a heap snapshot of the server to `path` (seconds, and about twice the heap in file size). */
  async heapSnapshot(path: string): Promise<string> {
    return (await this.#ask({ type: 'heap-snapshot', path }, 'heap-snapshot')).path;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.send({ type: 'stop' } satisfies ServerRequest);
    await exited;
  }
}
