/**
 * Time as the sandbox and the proxy see it. Tests share one scaled clock between both so that minutes of rate
 * windows, callback retries and rate limits pass in seconds of wall time, without fake timers in a real server.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, in this clock's time. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

export type ClockTimer = ReturnType<typeof globalThis.setTimeout>;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (timer) => globalThis.clearTimeout(timer),
};

/**
 * A clock running `factor` times faster than the wall clock, starting at `start` (default: now).
 * `scaledClock(60)` turns one minute of API time into one second of test time.
 */
export function scaledClock(factor: number, start: number = Date.now()): Clock {
  if (!(factor > 0)) throw new RangeError('scaledClock: factor must be > 0');
  const origin = Date.now();
  return {
    now: () => Math.floor(start + (Date.now() - origin) * factor),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.max(0, ms / factor)),
    clearTimeout: (timer) => globalThis.clearTimeout(timer),
  };
}

/** Unix seconds of a clock. */
export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
