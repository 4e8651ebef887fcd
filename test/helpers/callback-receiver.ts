import { Hono } from 'hono';
import type { Clock } from '../../src/core/clock.js';
import { listen, type RunningServer } from './serve.js';

export interface ReceivedCallback {
  raw: Uint8Array;
  text: string;
  body: Record<string, unknown>;
  headers: Headers;
  /** When it arrived, on the test's clock. */
  at: number;
}

/** The merchant's callback endpoint on 127.0.0.1: records raw bytes and answers the queued statuses (then 200). */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  /** Statuses to answer, in order, before answering 200. */
  answers: number[] = [];
  /** When set, every callback is answered with this status. */
  always: number | null = null;
  #server: RunningServer | undefined;

  constructor(readonly clock: Clock) {}

  get url(): string {
    return `${this.#server!.url}/callback`;
  }

  async start(): Promise<this> {
    const app = new Hono();
    app.post('/callback', async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      const text = new TextDecoder().decode(raw);
      this.received.push({
        raw,
        text,
        body: JSON.parse(text) as Record<string, unknown>,
        headers: new Headers(c.req.raw.headers),
        at: this.clock.now(),
      });
      const status = this.always ?? this.answers.shift() ?? 200;
      return c.text(status === 200 ? 'OK' : 'no', status as 200);
    });
    this.#server = await listen(app.fetch);
    return this;
  }

  bodies(): Array<Record<string, unknown>> {
    return this.received.map((r) => r.body);
  }

  clear(): void {
    this.received.length = 0;
    this.answers = [];
    this.always = null;
  }

  close(): Promise<void> {
    return this.#server?.close() ?? Promise.resolve();
  }
}
