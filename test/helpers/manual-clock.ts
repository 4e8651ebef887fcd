import type { Clock, ClockTimer } from '../../src/core/clock.js';

/** A fixed starting instant 10 s into a fix period, so windows are predictable. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 10);

/**
 * A clock that moves only when told. Timers fire in due order inside `advance`, so minutes of invoice timers,
 * confirmation delays and retry schedules pass in no wall time at all, deterministically.
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #pending = new Map<ClockTimer, { due: number; seq: number; fn: () => void }>();
  #seq = 0;

  constructor(start: number = T0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    // A real, never-firing, unref'd handle serves as the token, so ClockTimer keeps its platform type.
    const token = globalThis.setTimeout(() => {}, 2 ** 31 - 1);
    token.unref?.();
    this.#pending.set(token, { due: this.#now + Math.max(0, ms), seq: this.#seq++, fn });
    return token;
  }

  clearTimeout(timer: ClockTimer): void {
    globalThis.clearTimeout(timer);
    this.#pending.delete(timer);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order, at its due time. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [ClockTimer, { due: number; seq: number; fn: () => void }] | undefined;
      for (const entry of this.#pending) {
        if (entry[1].due > target) continue;
        if (!next || entry[1].due < next[1].due || (entry[1].due === next[1].due && entry[1].seq < next[1].seq)) next = entry;
      }
      if (!next) break;
      this.#pending.delete(next[0]);
      globalThis.clearTimeout(next[0]);
      this.#now = Math.max(this.#now, next[1].due);
      next[1].fn();
    }
    this.#now = target;
  }

  get pendingTimers(): number {
    return this.#pending.size;
  }
}
