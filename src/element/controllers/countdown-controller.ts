import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface CountdownOptions {
  /** Called once when the deadline passes (while the host is connected, or as soon as it reconnects). */
  onEnd?: () => void;
  /** Called on each whole second left, after the host was asked to update. */
  onTick?: (secondsLeft: number) => void;
}

/**
 * Time left until a fixed deadline (a rate's `ts_release`, a checkout's expiry). Time left is always computed from
 * the deadline and the clock, never by decrementing a counter, so a throttled background tab or a slow frame does
 * not make it drift. Ticks are aligned to whole seconds left; nothing runs while the host is off the page.
 */
export class CountdownController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly options: CountdownOptions;
  private deadline: number | null = null;
  private period = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;
  private connected = false;

  constructor(host: ReactiveControllerHost, options: CountdownOptions = {}) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** Counts down to `deadline` (epoch ms); `period` (ms) is the whole span, for `fraction`. */
  start(deadline: number, period = deadline - Date.now()): void {
    this.deadline = deadline;
    this.period = Math.max(period, 1);
    this.done = false;
    this.schedule();
  }

  stop(): void {
    this.deadline = null;
    this.clear();
  }

  /** The deadline (epoch ms) counted down to; null when stopped. */
  get end(): number | null {
    return this.deadline;
  }

  get running(): boolean {
    return this.deadline !== null && !this.done;
  }

  /** The deadline has passed (`onEnd` ran); false again once restarted. */
  get ended(): boolean {
    return this.done;
  }

  /** Milliseconds left, ≥ 0; 0 when stopped. */
  get remaining(): number {
    return this.deadline === null ? 0 : Math.max(0, this.deadline - Date.now());
  }

  /** Whole seconds left, rounded up: 0 only when the deadline has passed. */
  get seconds(): number {
    return Math.ceil(this.remaining / 1000);
  }

  /** Share of the period left, 0 … 1: for a progress bar. */
  get fraction(): number {
    return Math.min(1, this.remaining / this.period);
  }

  hostConnected(): void {
    this.connected = true;
    this.schedule();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.clear();
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.clear();
    if (!this.connected || this.deadline === null || this.done) return;
    const left = this.deadline - Date.now();
    if (left <= 0) {
      this.done = true;
      this.host.requestUpdate();
      this.options.onEnd?.();
      return;
    }
    // Wake when the displayed whole second changes.
    this.timer = setTimeout(
      () => {
        this.host.requestUpdate();
        this.options.onTick?.(this.seconds);
        this.schedule();
      },
      left % 1000 || 1000,
    );
  }
}

/** `m:ss` for a number of seconds. */
export function formatClock(seconds: number, locale?: string): string {
  const s = Math.max(0, Math.ceil(seconds));
  // The locale's digits (Arabic-Indic for ar-EG, say), so the countdown reads like the amounts beside it.
  const digits = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const minutes = new Intl.NumberFormat(locale, { useGrouping: false });
  return `${minutes.format(Math.floor(s / 60))}:${digits.format(s % 60)}`;
}
