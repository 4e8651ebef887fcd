import { Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../store/errors.js';
import { DELIVERY_RETENTION_MS, type DeliveryFilter, type WebhookDelivery, type WebhookQueue } from './types.js';

export interface RedisWebhookQueueOptions {
  /** `redis://host:port/db`; or pass a connection already made. */
  url?: string;
  redis?: Redis;
  /** Key prefix, the same as the proxy store's so one deployment's keys sit together. Default `cpt:`. */
  prefix?: string;
  redisOptions?: RedisOptions;
}

/** Pending records outlive the 72 hours of retries and a week in the log after. */
const PENDING_TTL_MS = DELIVERY_RETENTION_MS + 72 * 60 * 60 * 1000;
/** The log's index is trimmed to this many entries. */
const MAX_LOG = 100_000;

// Add unless known: the record, its due time and its place in the log, in one step (so a crash cannot leave a record
// that is never scheduled). The indexes are trimmed and kept alive here, so every key has a bound and a TTL.
const ADD = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[4]) - tonumber(ARGV[6]))
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[7]) - 1)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1`;

// Lease what is due: move each due id's score to the end of its lease, atomically, so no other instance takes it.
const TAKE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), id) end
return ids`;

/**
 * The webhook queue in Redis: deliveries survive a restart of the service (and of Redis, with its append-only file on),
 * and every instance of a fleet works one queue. Keys: `<prefix>wh:d:<id>` (the record, JSON, with a TTL),
 * `<prefix>wh:due` (sorted set of pending ids by due time) and `<prefix>wh:log` (sorted set of ids by creation, for
 * the delivery log). Commands fail fast while Redis is down: a callback whose webhook cannot be queued is refused (503)
 * and CoinsPaid retries it.
 */
export class RedisWebhookQueue implements WebhookQueue {
  readonly #redis: Redis;
  readonly #ownsConnection: boolean;
  readonly #prefix: string;

  constructor(options: RedisWebhookQueueOptions) {
    if (options.redis) {
      this.#redis = options.redis;
      this.#ownsConnection = false;
    } else if (options.url) {
      this.#redis = new Redis(options.url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
        ...options.redisOptions,
      });
      this.#ownsConnection = true;
    } else throw new TypeError('RedisWebhookQueue: give `url` or `redis`');
    this.#redis.on('error', () => undefined); // reported per command; ioredis reconnects by itself
    this.#prefix = options.prefix ?? 'cpt:';
  }

  /** Resolves once connected. */
  async ready(): Promise<void> {
    if (this.#redis.status === 'ready') return;
    await new Promise<void>((resolve) => this.#redis.once('ready', () => resolve()));
  }

  #record(id: string): string {
    return `${this.#prefix}wh:d:${id}`;
  }

  get #dueKey(): string {
    return `${this.#prefix}wh:due`;
  }

  get #logKey(): string {
    return `${this.#prefix}wh:log`;
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  async add(delivery: WebhookDelivery): Promise<boolean> {
    const added = await this.#run(() =>
      this.#redis.eval(
        ADD,
        3,
        this.#record(delivery.id),
        this.#dueKey,
        this.#logKey,
        JSON.stringify(delivery),
        PENDING_TTL_MS,
        delivery.next_attempt_at ?? delivery.created_at,
        delivery.created_at,
        delivery.id,
        DELIVERY_RETENTION_MS,
        MAX_LOG,
      ),
    );
    return added === 1;
  }

  async take(now: number, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    if (limit <= 0) return [];
    const ids = (await this.#run(() => this.#redis.eval(TAKE, 1, this.#dueKey, now, limit, leaseMs))) as string[];
    if (ids.length === 0) return [];
    const records = await this.#run(() => this.#redis.mget(...ids.map((id) => this.#record(id))));
    const found: WebhookDelivery[] = [];
    for (const [i, json] of records.entries()) {
      if (json === null)
        await this.#run(() => this.#redis.zrem(this.#dueKey, ids[i]!)); // its record expired
      else found.push(JSON.parse(json) as WebhookDelivery);
    }
    return found;
  }

  async save(delivery: WebhookDelivery): Promise<void> {
    const pending = delivery.state === 'pending';
    const multi = this.#redis
      .multi()
      .set(this.#record(delivery.id), JSON.stringify(delivery), 'PX', pending ? PENDING_TTL_MS : DELIVERY_RETENTION_MS);
    if (pending) multi.zadd(this.#dueKey, delivery.next_attempt_at ?? 0, delivery.id).pexpire(this.#dueKey, PENDING_TTL_MS);
    else multi.zrem(this.#dueKey, delivery.id);
    const results = await this.#run(() => multi.exec());
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw new StoreUnavailableError(failed?.[0] ?? new Error('transaction aborted'));
  }

  async get(id: string): Promise<WebhookDelivery | undefined> {
    const json = await this.#run(() => this.#redis.get(this.#record(id)));
    return json === null ? undefined : (JSON.parse(json) as WebhookDelivery);
  }

  async list({ state, order_id, limit }: DeliveryFilter): Promise<WebhookDelivery[]> {
    const found: WebhookDelivery[] = [];
    // Newest first, a page at a time, until enough match (a filter may skip many).
    for (let start = 0; found.length < limit && start < MAX_LOG; start += 500) {
      const ids = await this.#run(() => this.#redis.zrevrange(this.#logKey, start, start + 499));
      if (ids.length === 0) break;
      const records = await this.#run(() => this.#redis.mget(...ids.map((id) => this.#record(id))));
      for (const json of records) {
        if (json === null || found.length >= limit) continue;
        const delivery = JSON.parse(json) as WebhookDelivery;
        if (state && delivery.state !== state) continue;
        if (order_id !== undefined && delivery.order_id !== order_id) continue;
        found.push(delivery);
      }
    }
    return found;
  }

  async depth(): Promise<number> {
    return this.#run(() => this.#redis.zcard(this.#dueKey));
  }

  async nextDue(): Promise<number | null> {
    const [, score] = await this.#run(() => this.#redis.zrange(this.#dueKey, 0, 0, 'WITHSCORES'));
    return score === undefined ? null : Number(score);
  }

  async close(): Promise<void> {
    if (this.#ownsConnection) this.#redis.disconnect();
  }
}
