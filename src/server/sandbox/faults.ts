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
