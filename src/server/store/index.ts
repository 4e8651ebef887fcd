export { MemoryStore } from './memory.js';
export type { MemoryStoreOptions } from './memory.js';
export type { ClaimState, NewPaymentEvent, ProxyStore } from './types.js';
