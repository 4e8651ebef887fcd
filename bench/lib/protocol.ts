/**
 * What the benchmark's processes tell each other over IPC: the server child (bench/server.ts), the stream generator
 * child (bench/stream-client.ts) and the orchestrating parent (bench/run.ts).
 */

/** How the server child composes the proxy: one process on the memory store, or instances sharing a Redis. */
export interface ServerConfig {
  /** Set: `instances` proxies on their own ports, sharing this Redis; unset: sandbox + proxy on one port. */
  redisUrl?: string;
  instances: number;
  /** API time runs this many times faster than the wall clock (rate windows). */
  timeScale: number;
  /** SSE heartbeat interval, the same for both shapes. */
  heartbeatMs: number;
  /** listen() backlog of every server socket (Node's default is 511; Linux caps it at net.core.somaxconn). */
  backlog: number;
}

export interface Ready {
  type: 'ready';
  /** Proxy base URLs: one, or one per instance. */
  urls: string[];
  sandboxUrl: string;
  token: string;
  tokenSecret: string;
  apiKey: string;
  apiSecret: string;
  /** What the server child was started with (node flags, preloaded allocator), for the report. */
  execArgv: string[];
  preload: string | null;
}

/** process.memoryUsage() plus the kernel's split of the resident set and V8's own malloc. Bytes. */
export interface MemorySample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** /proc/self/status: anonymous (heap, malloc arenas, V8 pages) vs file-backed (the node binary, libraries). */
  rssAnon: number;
  rssFile: number;
  /** v8.getHeapStatistics().malloced_memory: what V8 itself holds outside its heap pages. */
  v8Malloced: number;
  /** Open TCP connections on the server sockets. */
  connections: number;
}

/** What the server spent during a phase of a benchmark. */
export interface PhaseSample {
  seconds: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Event-loop utilization, 0–1: 1 means the server never waited for I/O. */
  elu: number;
  loopDelayMs: { p50: number; p99: number; max: number };
  gc: { count: number; ms: number };
  requests: number;
  /** Time inside the fetch handler for /callback (verify, de-duplicate, publish to the followers). */
  callbackHandlerMs: { count: number; p50: number; p99: number; max: number };
}

/** A CPU profile folded to self time per function and per area of the code. */
export interface ProfileSummary {
  totalMs: number;
  byArea: Array<{ area: string; ms: number; share: number }>;
  topFunctions: Array<{ fn: string; ms: number; share: number }>;
}

export type ServerRequest =
  | { type: 'memory'; gc?: boolean }
  | { type: 'phase-start'; profile?: boolean }
  | { type: 'phase-end' }
  /** Writes a V8 heap snapshot (after a full GC when possible) to `path`. */
  | { type: 'heap-snapshot'; path: string }
  | { type: 'stop' };

export type ServerReply =
  | { type: 'memory'; memory: MemorySample; gcAvailable: boolean }
  | { type: 'phase-started' }
  | { type: 'phase'; phase: PhaseSample; profile: ProfileSummary | null }
  | { type: 'heap-snapshot'; path: string }
  | { type: 'stopped' };

/** One status stream the generator holds: which payment it follows, at which URL. */
export interface StreamTarget {
  payment: number;
  url: string;
}

/** A callback the generator posts for a payment, timing the delivery to every follower it holds. */
export interface CallbackOrder {
  payment: number;
  id: number;
  status: string;
  callbackUrl: string;
}

export type GeneratorRequest =
  /** `addresses`: each payment's deposit address as CoinsPaid describes it (the callback's `crypto_address`). */
  | { type: 'init'; apiKey: string; apiSecret: string; addresses: Record<number, unknown> }
  | { type: 'open'; streams: StreamTarget[]; concurrency: number }
  | { type: 'deliver'; orders: CallbackOrder[]; timeoutMs: number }
  | { type: 'close' };

export type GeneratorReply =
  | { type: 'ready' }
  | { type: 'opened'; seconds: number; failures: number }
  /** Delivery latencies (ms from posting the callback to the event on each follower), and the generator's load. */
  | { type: 'delivered'; latencies: number[]; missing: number; phase: PhaseSample }
  | { type: 'closed' };
