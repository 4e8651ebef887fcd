/**
 * The sandbox test harness: a sandbox served over real HTTP on 127.0.0.1 with the test credentials, driven by a
 * manual clock, optionally with a callback receiver. `useSandbox()` gives a describe block (or a file) one, started
 * in `before`, reset before each test and closed in `after`; `startSandbox()` starts one inside a test.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { Hono } from 'hono';
import { createSandbox, type SandboxApp, type SandboxOptions } from '../../src/server/sandbox/index.js';
import { CallbackReceiver } from './callback-receiver.js';
import { ManualClock } from './manual-clock.js';
import { type Answer, apiKey, apiSecret, callApi, type CallOptions, callControl } from './sandbox-client.js';
import { listen } from './serve.js';

export interface StartSandboxOptions extends SandboxOptions {
  /** Serves the sandbox under this path of a parent app, as `npm start` does with `/sandbox`. */
  mountPath?: string;
}

export interface RunningSandbox {
  sandbox: SandboxApp;
  /** Where the sandbox is served: the server's origin, plus the mount path if any. */
  url: string;
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  api(endpoint: string, body?: unknown, options?: CallOptions): Promise<Answer>;
  control(path: string, body?: unknown, method?: string): Promise<Answer>;
  /** Resolves once every callback sent so far has been answered: with a manual clock, nothing more is on its way. */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

/** A sandbox with the test credentials, listening on 127.0.0.1 (resolves once it listens). */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const { mountPath = '', ...sandboxOptions } = options;
  const sandbox = createSandbox({ apiKey, apiSecret, ...sandboxOptions });
  const app = mountPath ? new Hono().route(mountPath, sandbox) : sandbox;
  const server = await listen(app.fetch);
  const url = server.url + mountPath;
  return {
    sandbox,
    url,
    origin: server.url,
    api: (endpoint, body, callOptions) => callApi(url, endpoint, body, callOptions),
    control: (path, body, method) => callControl(url, path, body, method),
    delivered: () => sandbox.sandbox.callbacks.idle(),
    close: async () => {
      sandbox.dispose();
      await server.close();
    },
  };
}

export interface UseSandboxOptions extends Omit<StartSandboxOptions, 'clock' | 'callbackUrl'> {
  /** The sandbox's clock. Default a new ManualClock at T0. */
  clock?: ManualClock;
  /** Starts a callback receiver and sends the sandbox's callbacks to it. */
  callbacks?: boolean;
}

export interface SandboxHarness extends Omit<RunningSandbox, 'close'> {
  clock: ManualClock;
  /** The merchant's callback endpoint (with `callbacks: true`). */
  receiver: CallbackReceiver;
  /**
   * Waits for callbacks in flight, then returns what `probe` finds, failing if it finds nothing: with a manual clock
   * whatever has not happened by then will not happen until the clock moves.
   */
  settled<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string): Promise<T>;
}

/**
 * One sandbox for the enclosing describe block (or file): started in `before`, reset before each test (state,
 * stats, faults, limits; with `callbacks`, the callback URL restored, duplicates off and the receiver emptied), closed
 * in `after`. Its members are usable inside tests and hooks.
 */
export function useSandbox(options: UseSandboxOptions = {}): SandboxHarness {
  const { callbacks = false, clock = new ManualClock(), ...startOptions } = options;
  const receiver = callbacks ? new CallbackReceiver(clock) : undefined;
  let running: RunningSandbox | undefined;
  const live = (): RunningSandbox => running ?? assert.fail('useSandbox: the sandbox runs only inside tests and hooks');

  before(async () => {
    if (receiver) await receiver.start();
    running = await startSandbox({ ...startOptions, clock, ...(receiver ? { callbackUrl: receiver.url } : {}) });
  });
  beforeEach(async () => {
    const s = live();
    await s.control('reset');
    if (!receiver) return;
    await s.control('config', { callback_url: receiver.url, duplicate_callbacks: false });
    // A delivery of the previous test still in flight would land in this one's list.
    await s.delivered();
    receiver.clear();
  });
  after(async () => {
    await running?.close();
    await receiver?.close();
  });

  const settled: SandboxHarness['settled'] = async (probe, what) => {
    await live().delivered();
    const value = await probe();
    if (!value) assert.fail(`never happened: ${what}`);
    return value;
  };
  return {
    clock,
    get receiver() {
      return receiver ?? assert.fail('useSandbox: pass { callbacks: true } for a callback receiver');
    },
    get sandbox() {
      return live().sandbox;
    },
    get url() {
      return live().url;
    },
    get origin() {
      return live().origin;
    },
    api: (endpoint, body, callOptions) => live().api(endpoint, body, callOptions),
    control: (path, body, method) => live().control(path, body, method),
    delivered: () => live().delivered(),
    settled,
  };
}
