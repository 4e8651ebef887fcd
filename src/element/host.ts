import type { ReactiveController, ReactiveElement } from 'lit';
import { initialState, Task } from '@lit/task';
import { CountdownController } from './controllers/countdown-controller.js';
import { FollowedPayments } from './controllers/followed-payments.js';
import { CopyEvent, type CopyTarget } from './events.js';
import type { AddressChecks, ModeHost, PaymentKit, SettledScreens, TerminalSettings } from './modes/mode.js';
import type { ProxyClient } from './proxy-client.js';
import { strings } from './strings.js';

const COPIED_MS = 2000;

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
  readonly kit: Task<readonly [], PaymentKit>;
  /** The address validators: loaded once a mode asks for an address to show (checkAddresses). */
  readonly checks: Task<readonly [boolean], AddressChecks>;
  /** The screens once a payment is seen: loaded once a mode asks for a checkout to follow (followCheckout). */
  readonly screens: Task<readonly [boolean], SettledScreens>;
  readonly expiry: CountdownController;
  readonly follow: FollowedPayments;
  readonly settings: TerminalSettings;
  readonly changeCurrency: () => void;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private liveToggle = false;
  private readonly wanted = { checks: false, screens: false };

  constructor(
    private readonly element: ReactiveElement & TerminalSettings,
    options: TerminalHostOptions,
  ) {
    element.addController(this);
    this.settings = element;
    this.changeCurrency = options.changeCurrency;
    // Decimal arithmetic, wallet URIs and the QR encoder load right after the first paint, in parallel with the
    // requests for a rate and an address: the loading and currency screens need none of it. The validators and the
    // settled screens load in parallel with the request for an address (a terminal link needs no validators).
    this.kit = new Task(this, { task: () => import('./payment-kit.js'), args: () => [] as const });
    this.checks = new Task(this, {
      task: ([wanted]) => (wanted ? import('./address-check.js') : initialState),
      args: () => [this.wanted.checks] as const,
    });
    this.screens = new Task(this, {
      task: ([wanted]) => (wanted ? import('./views/settled.js') : initialState),
      args: () => [this.wanted.screens] as const,
    });
    this.expiry = new CountdownController(this, { onTick: options.onTimeLeft });
    this.follow = new FollowedPayments(this, () => this.client);
  }

  checkAddresses(): void {
    this.want('checks');
    this.want('screens');
  }

  followCheckout(): void {
    this.want('screens');
  }

  private want(part: keyof TerminalHost['wanted']): void {
    if (this.wanted[part]) return;
    this.wanted[part] = true;
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
