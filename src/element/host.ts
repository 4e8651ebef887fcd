import type { ReactiveController, ReactiveElement } from 'lit';
import { initialState, Task } from '@lit/task';
import { CountdownController } from './controllers/countdown-controller.js';
import { FollowedPayments } from './controllers/followed-payments.js';
import { CopyEvent, type CopyTarget } from './events.js';
import type { ModeHost, PaymentKit, SettledScreens, TerminalSettings } from './modes/mode.js';
import type { ProxyClient } from './proxy-client.js';
import { strings } from './strings.js';

const COPIED_MS = 2000;

/** `load()` once, shared by every caller; again after a failure (the error screen's "Try again"). */
function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () =>
    (started ??= load().catch((error: unknown) => {
      started = undefined;
      throw error;
    }));
}

export interface TerminalHostOptions {
  /** Each whole second of the time to pay (for the announcements). */
  onTimeLeft: (seconds: number) => void;
  changeCurrency: () => void;
}

/**
 * The element as its modes see it (ModeHost): what the shell shares with them — client, locale, payment kit, time
 * to pay, followed payments — and the actions every screen uses: copy, announce, fire an event. Not the element
 * itself, so none of this is part of the element's public API.
 */
export class TerminalHost implements ModeHost, ReactiveController {
  /** Set by the shell on every update. */
  client: ProxyClient | null = null;
  locale: string | undefined;
  copied: CopyTarget | null = null;
  /** The address validators, wallet URIs and QR encoder: loaded once a mode is to show an address (checkAddresses). */
  readonly kit: Task<readonly [boolean], PaymentKit>;
  /**
   * The screens once a payment is seen: loaded right after an address is shown (no payment can be seen before), or
   * at once when a mode follows a checkout without an address (followCheckout) or a settled screen is due.
   */
  readonly screens: Task<readonly [boolean], SettledScreens>;
  readonly expiry: CountdownController;
  readonly follow: FollowedPayments;
  readonly settings: TerminalSettings;
  readonly changeCurrency: () => void;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private liveToggle = false;
  private readonly wanted = { kit: false, screens: false };
  /**
   * A deposit checkout whose currency is known (preset, or just chosen) asks for its rate and address at once, beside
   * the configuration and the payment kit, instead of each after the last: connected → QR in one round trip instead
   * of three (bench/RESULTS.md, paint). The views use the answers once the configuration says they apply (an address
   * is not shown before its amount is checked against the minimum).
   */
  startEarly(currency: string | null | undefined, convertTo: string | undefined): void {
    const client = this.client;
    if (!client || !currency) return;
    this.checkAddresses(currency);
    const to = client.claims.amount_currency;
    if (typeof to === 'string' && to !== currency) client.prefetchRate(currency, to);
    client.prefetchAddress({ currency, ...(convertTo ? { convert_to: convertTo } : {}) });
  }

  /** The chunks' imports: started when first wanted (not at the next update), made again after a failure. */
  private readonly imports = { kit: cached(() => import('./payment-kit.js')), screens: cached(() => import('./follow-kit.js')) };
  private screensSoon = false;

  constructor(
    private readonly element: ReactiveElement & TerminalSettings,
    options: TerminalHostOptions,
  ) {
    element.addController(this);
    this.settings = element;
    this.changeCurrency = options.changeCurrency;
    // The loading and currency screens need neither chunk: the payment kit loads once the currency is known, in
    // parallel with the requests for a rate and an address (a terminal link needs none of it), and the settled
    // screens once the address is on screen.
    this.kit = new Task(this, {
      task: ([wanted]) => (wanted ? this.imports.kit() : initialState),
      args: () => [this.wanted.kit] as const,
    });
    this.screens = new Task(this, {
      task: ([wanted]) => (wanted ? this.imports.screens() : initialState),
      args: () => [this.wanted.screens] as const,
      onComplete: (screens) => {
        this.follow.useStream(screens.PaymentStatusController);
        // The time-left announcements came with it: what is due since the address was shown is said now.
        if (this.expiry.running) options.onTimeLeft(this.expiry.seconds);
      },
    });
    this.expiry = new CountdownController(this, { onTick: options.onTimeLeft });
    this.follow = new FollowedPayments(this, () => this.client);
  }

  checkAddresses(currency?: string): void {
    this.want('kit');
    // The check of the currency's network is a chunk of its own: it loads as soon as the kit is there, not once the
    // address is.
    if (currency)
      this.imports.kit().then(
        (kit) => kit.prepareCheck(currency),
        () => {},
      );
  }

  followCheckout(): void {
    this.want('screens');
  }

  /** The settled screens, once the address has been painted: after the next frame, so they never delay its paint. */
  followCheckoutSoon(): void {
    if (this.screensSoon || this.wanted.screens) return;
    this.screensSoon = true;
    requestAnimationFrame(() => setTimeout(() => this.want('screens')));
  }

  private want(part: keyof TerminalHost['wanted']): void {
    if (this.wanted[part]) return;
    this.wanted[part] = true;
    // The fetch starts now; the task reports a failure on the next update.
    this.imports[part]().catch(() => {});
    this.requestUpdate();
  }

  get updateComplete(): Promise<boolean> {
    return this.element.updateComplete;
  }

  addController(controller: ReactiveController): void {
    this.element.addController(controller);
  }

  removeController(controller: ReactiveController): void {
    this.element.removeController(controller);
  }

  requestUpdate(): void {
    this.element.requestUpdate();
  }

  dispatch(event: Event): boolean {
    return this.element.dispatchEvent(event);
  }

  /** Writes the polite live region (not a template binding: announcing must not re-render). */
  announce(text: string): void {
    const live = this.element.renderRoot.querySelector('#live');
    if (!live) return;
    // A trailing no-break space toggles so that the same words twice (two copies) are announced twice.
    this.liveToggle = !this.liveToggle;
    live.textContent = this.liveToggle ? text : `${text}\u00a0`;
  }

  async copy(what: CopyTarget, value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      this.announce(strings.copyFailed);
      return;
    }
    this.copied = what;
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => {
      this.copied = null;
      this.requestUpdate();
    }, COPIED_MS);
    this.requestUpdate();
    this.announce(strings.copiedAnnouncement[what]);
    this.dispatch(new CopyEvent({ what, value }));
  }

  hostDisconnected(): void {
    clearTimeout(this.copiedTimer);
    this.copied = null;
  }
}
