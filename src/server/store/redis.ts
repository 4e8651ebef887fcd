import { Redis, type RedisOptions } from 'ioredis';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { PaymentEvent } from '../../core/wire.js';
import { StoreUnavailableError } from './errors.js';
import { eventIdFloor, type ClaimState, type NewPaymentEvent, type ProxyStore } from './types.js';

export interface RedisStoreOptions {
  /** `redis://host:port/db`; or pass connections already made. */
  url?: string;
  redis?: Redis;
  /** Key prefix, so several deployments can share one Redis. Default `cpt:`. */
  prefix?: string;
  clock?: Clock;
  replayLimit?: number;
  replayTtlMs?: number;
  /** ioredis options for the connections this store makes. */
  redisOptions?: RedisOptions;
}

// Sliding-window budget: drop hits older than the window, add one if under the limit. Atomic across instances.
const TAKE_BUDGET = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

// Publish: next id, append to the bounded replay list, refresh TTLs, fan out. One script so ids and order agree.
// An event's id: one more than the channel's last, but never less than the time in microseconds (ARGV[4]), so ids
// keep increasing even after Redis lost its data and the last id with it. Lua numbers are doubles: exact to 2^53, and
// printed with %.0f (tostring would write 1.8e+15). The event's JSON is spliced, never decoded and re-encoded.
const PUBLISH = `
local id = (tonumber(redis.call('GET', KEYS[1]) or '0') or 0) + 1
local floor = tonumber(ARGV[4])
if floor > id then id = floor end
local text = string.format('%.0f', id)
redis.call('SET', KEYS[1], text, 'PX', ARGV[3])
local json = '{"id":"' .. text .. '",' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[2], json)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', KEYS[3], json)
return json`;

// Release a lock only if it is still ours.
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The proxy's shared state in Redis, for several instances behind a load balancer: rate cache and its single-flight
 * lock, the fleet's upstream budget, callback de-duplication, and payment events (a bounded replay list per payment
 * plus pub/sub) so a callback received by one instance reaches streams held by another. Every key has a TTL.
 *
 * Commands fail fast while Redis is down (no offline queue): requests get a clear 503 instead of hanging, and a
 * callback is not acknowledged to CoinsPaid, which retries it. Subscribers resubscribe when Redis returns and the
 * streams catch up from the replay list.
 */
export class RedisStore implements ProxyStore {
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #replayLimit: number;
  readonly #replayTtlMs: number;
  readonly #listeners = new Map<string, Set<(event: PaymentEvent) => void>>();
  readonly #gapListeners = new Map<string, Set<() => void>>();
  readonly #lockTokens = new Map<string, string>();
  #ownsConnection: boolean;

  constructor(options: RedisStoreOptions) {
    const connectionOptions: RedisOptions = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      lazyConnect: false,
      ...options.redisOptions,
    };
    if (options.redis) {
      this.#redis = options.redis;
      this.#ownsConnection = false;
    } else if (options.url) {
      this.#redis = new Redis(options.url, connectionOptions);
      this.#ownsConnection = true;
    } else throw new TypeError('RedisStore: give `url` or `redis`');
    // Pub/sub needs a connection of its own; it may queue while offline so subscriptions survive a restart.
    this.#subscriber = this.#redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.#prefix = options.prefix ?? 'cpt:';
    this.#clock = options.clock ?? systemClock;
    this.#replayLimit = options.replayLimit ?? 100;
    this.#replayTtlMs = options.replayTtlMs ?? 24 * 60 * 60 * 1000;
    this.#redis.on('error', () => undefined); // reported per command; ioredis reconnects by itself
    this.#subscriber.on('error', () => undefined);
    this.#subscriber.on('message', (redisChannel: string, json: string) => this.#dispatch(redisChannel, json));
    this.#redis.once('ready', () => void this.#warnWithoutPersistence());
    let connectedBefore = false;
    this.#subscriber.on('ready', () => {
      // After a reconnect, events published meanwhile were missed by pub/sub: tell streams to catch up.
      if (connectedBefore) for (const listeners of this.#gapListeners.values()) for (const onGap of listeners) onGap();
      connectedBefore = true;
    });
  }

  /**
   * Whether Redis keeps its data across a restart: `aof` (append-only file), `rdb` (snapshots), `none`, or
   * `unknown` where CONFIG is not allowed (managed Redis). De-duplication of callbacks, the checkout ledger and event
   * ids rely on it: without persistence a restart forgets which callbacks were handled and what each order received.
   */
  async persistence(): Promise<'aof' | 'rdb' | 'none' | 'unknown'> {
    try {
      const [, appendonly] = (await this.#redis.config('GET', 'appendonly')) as string[];
      const [, save] = (await this.#redis.config('GET', 'save')) as string[];
      return appendonly === 'yes' ? 'aof' : save ? 'rdb' : 'none';
    } catch {
      return 'unknown';
    }
  }

  /** Says once, at start, when Redis would lose the proxy's state on a restart. */
  async #warnWithoutPersistence(): Promise<void> {
    const persistence = await this.persistence();
    if (persistence === 'none')
      console.warn(
        'coinspaid-terminal: Redis has neither AOF (appendonly) nor RDB snapshots (save) on: after a restart it forgets handled callbacks and checkout records, so a redelivered callback runs onCallback again. Turn on appendonly yes (see README "Several instances: Redis").',
      );
    else if (persistence === 'unknown')
      console.warn('coinspaid-terminal: could not read Redis persistence settings (CONFIG GET refused); make sure AOF or RDB is on.');
  }

  /** Resolves once both connections are up: a start-up (or test set-up) waits here rather than meet a 503. */
  async ready(): Promise<void> {
    await Promise.all(
      [this.#redis, this.#subscriber].map((connection) =>
        connection.status === 'ready' ? undefined : new Promise<void>((resolve) => connection.once('ready', () => resolve())),
      ),
    );
  }

  #key(...parts: string[]): string {
    return this.#prefix + parts.join(':');
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.#run(() => this.#redis.get(this.#key('kv', key)));
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.#run(() => this.#redis.set(this.#key('kv', key), JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs))));
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const ok = await this.#run(() => this.#redis.set(this.#key('lock', key), token, 'PX', ttlMs, 'NX'));
    if (ok === 'OK') this.#lockTokens.set(key, token);
    return ok === 'OK';
  }

  async releaseLock(key: string): Promise<void> {
    const token = this.#lockTokens.get(key);
    if (!token) return;
    this.#lockTokens.delete(key);
    await this.#run(() => this.#redis.eval(RELEASE_LOCK, 1, this.#key('lock', key), token));
  }

  async takeBudget(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = this.#clock.now();
    const member = `${now}:${Math.random().toString(36).slice(2)}`;
    const allowed = await this.#run(() => this.#redis.eval(TAKE_BUDGET, 1, this.#key('budget', key), now, windowMs, limit, member));
    return allowed === 1;
  }

  async claim(key: string, ttlMs: number): Promise<ClaimState> {
    const claimKey = this.#key('claim', key);
    const ok = await this.#run(() => this.#redis.set(claimKey, 'processing', 'PX', ttlMs, 'NX'));
    if (ok === 'OK') return 'claimed';
    const state = await this.#run(() => this.#redis.get(claimKey));
    return state === 'done' || state === 'handled' || state === 'processing' ? state : this.claim(key, ttlMs);
  }

  async complete(key: string, ttlMs: number, state: 'handled' | 'done' = 'done'): Promise<void> {
    await this.#run(() => this.#redis.set(this.#key('claim', key), state, 'PX', ttlMs));
  }

  async release(key: string): Promise<void> {
    await this.#run(() => this.#redis.del(this.#key('claim', key)));
  }

  async publish(channel: string, event: NewPaymentEvent): Promise<PaymentEvent> {
    const json = await this.#run(() =>
      this.#redis.eval(
        PUBLISH,
        3,
        this.#key('seq', channel),
        this.#key('events', channel),
        this.#key('pub', channel),
        JSON.stringify(event),
        this.#replayLimit,
        this.#replayTtlMs,
        String(eventIdFloor(this.#clock)),
      ),
    );
    return JSON.parse(json as string) as PaymentEvent;
  }

  async since(channel: string, afterId: string | null): Promise<PaymentEvent[]> {
    const list = await this.#run(() => this.#redis.lrange(this.#key('events', channel), 0, -1));
    const after = afterId === null ? 0 : Number(afterId);
    return list.map((json) => JSON.parse(json) as PaymentEvent).filter((event) => Number(event.id) > after);
  }

  subscribe(channel: string, listener: (event: PaymentEvent) => void, onGap?: () => void): () => void {
    let listeners = this.#listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
      void this.#subscriber.subscribe(this.#key('pub', channel)).catch(() => undefined);
    }
    listeners.add(listener);
    if (onGap) {
      const gaps = this.#gapListeners.get(channel) ?? new Set();
      gaps.add(onGap);
      this.#gapListeners.set(channel, gaps);
    }
    return () => {
      listeners.delete(listener);
      if (onGap) this.#gapListeners.get(channel)?.delete(onGap);
      if (listeners.size === 0) {
        this.#listeners.delete(channel);
        this.#gapListeners.delete(channel);
        void this.#subscriber.unsubscribe(this.#key('pub', channel)).catch(() => undefined);
      }
    };
  }

  #dispatch(redisChannel: string, json: string): void {
    const channel = redisChannel.slice(this.#key('pub', '').length);
    const listeners = this.#listeners.get(channel);
    if (!listeners) return;
    const event = JSON.parse(json) as PaymentEvent;
    for (const listener of listeners) listener(event);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#subscriber.disconnect();
    if (this.#ownsConnection) this.#redis.disconnect();
  }
}
