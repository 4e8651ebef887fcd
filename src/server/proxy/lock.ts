import { StoreUnavailableError } from '../store/errors.js';
import type { ProxyStore } from '../store/types.js';

/** Longer than any critical section (a few store round trips); a crashed holder's lock lapses after it. */
const LOCK_TTL_MS = 10_000;
/** How long a caller waits for a busy lock before giving up (a callback then gets a 503 and CoinsPaid retries). */
const WAIT_MS = 5_000;

/**
 * Runs `critical` holding the store's lock on `key`, across every instance sharing the store. Read-modify-write of a
 * checkout record happens under it, so two callbacks for one address (a payment in two parts) never lose an update.
 * Waits with a short, growing back-off while another holder has it.
 */
export async function withLock<T>(store: ProxyStore, key: string, critical: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; !(await store.acquireLock(key, LOCK_TTL_MS)); attempt++) {
    if (Date.now() - started > WAIT_MS) throw new StoreUnavailableError(new Error(`lock ${key} is busy`));
    await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 50)));
  }
  try {
    return await critical();
  } finally {
    await store.releaseLock(key);
  }
}
