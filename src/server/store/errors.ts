/** The shared store could not be reached: the proxy answers 503 and leaves CoinsPaid's callback unacknowledged. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`shared store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}
