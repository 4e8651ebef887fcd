/** Fault injection for tests and demos: makes the sandbox fail the way CoinsPaid (or its edge) sometimes does. */

export type FaultKind = 'latency' | '5xx' | 'timeout' | 'malformed_json' | 'html_429';
export const FAULT_KINDS: readonly FaultKind[] = ['latency', '5xx', 'timeout', 'malformed_json', 'html_429'];

export interface Fault {
  endpoint: string;
  kind: FaultKind;
  ms: number;
  /** Requests left to affect; Infinity until cleared. */
  remaining: number;
}

/** The faults set with POST /control/faults, in the order they were set. */
export class Faults {
  #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push(fault);
  }

  clear(): void {
    this.#faults = [];
  }

  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /** The fault that applies to this request, consuming one of its uses. */
  take(endpoint: string): Fault | undefined {
    const fault = this.#faults.find((f) => f.remaining > 0 && (f.endpoint === '*' || f.endpoint === endpoint));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return fault;
  }
}

/**
 * Wall-time waits of faulted requests (latency, timeout), which a reset or dispose cuts short: a hanging request
 * never outlives its sandbox.
 */
export class FaultWaits {
  readonly #pending = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#pending.add(done);
    });
  }

  releaseAll(): void {
    for (const done of [...this.#pending]) done();
  }
}
