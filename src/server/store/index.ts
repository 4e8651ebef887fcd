export { MemoryStore } from './memory.js';
export type { MemoryStoreOptions } from './memory.js';
export type { ClaimState, NewPaymentEvent, ProxyStore } from './types.js';
export { RedisStore } from './redis.js';
export { StoreUnavailableError } from './errors.js';
export type { RedisStoreOptions } from './redis.js';
