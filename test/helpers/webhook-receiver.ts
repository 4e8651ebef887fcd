import { Hono } from 'hono';
import { listen, type RunningServer } from './serve.js';

export interface ReceivedWebhook {
  /** The raw body, as signed. */
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> & { status: string; order_id: string | null } };
  headers: Headers;
}

/**
 * The merchant's webhook endpoint on 127.0.0.1: records what arrives and answers the scripted statuses in order (then
 * `otherwise`, 200 by default). `hang()` holds the next requests unanswered until `release()`, as a stuck backend does.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Statuses to answer, in order, before `otherwise`. */
  answers: Array<number | { status: number; headers: Record<string, string> }> = [];
  otherwise = 200;
  #hanging = false;
  #held: Array<() => void> = [];
  #waiters: Array<() => void> = [];
  #server: RunningServer | undefined;

  get url(): string {
    return `${this.#server!.url}/webhooks/coinspaid`;
  }

  async start(): Promise<this> {
    const app = new Hono();
    app.post('/webhooks/coinspaid', async (c) => {
      const body = await c.req.text();
      this.received.push({ body, json: JSON.parse(body) as ReceivedWebhook['json'], headers: new Headers(c.req.raw.headers) });
      for (const wake of this.#waiters.splice(0)) wake();
      if (this.#hanging) await new Promise<void>((resolve) => this.#held.push(resolve));
      const answer = this.answers.shift() ?? this.otherwise;
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      return c.text(status < 300 ? 'ok' : 'not now', status as 200, headers);
    });
    this.#server = await listen(app.fetch);
    return this;
  }

  /** Resolves once `count` webhooks have arrived (something else times the test out if they never do). */
  receivedAtLeast(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (this.received.length >= count ? resolve() : this.#waiters.push(check));
      this.#waiters.push(check);
    });
  }

  hang(): void {
    this.#hanging = true;
  }

  release(): void {
    this.#hanging = false;
    for (const resolve of this.#held.splice(0)) resolve();
  }

  /** Settlement statuses received, in order. */
  statuses(): string[] {
    return this.received.map((r) => r.json.data.status);
  }

  close(): Promise<void> {
    this.release();
    return this.#server?.close() ?? Promise.resolve();
  }
}
