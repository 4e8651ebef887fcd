import type { nothing, ReactiveControllerHost, TemplateResult } from 'lit';
import type { WidgetConfig } from '../../core/wire.js';
import type { TerminalDisplay } from '../coinspaid-terminal.component.js';
import type { CountdownController } from '../controllers/countdown-controller.js';
import type { PaymentFollow } from '../controllers/followed-payments.js';
import type { CopyTarget, TerminalStatus } from '../events.js';
import type { ProxyClient } from '../proxy-client.js';
import type { View } from '../view.js';

/** The address validators, wallet URIs and the QR encoder (payment-kit.ts), loaded when a mode asks for an address. */
export type PaymentKit = typeof import('../payment-kit.js');

/** The status stream, the screens once a payment is seen, the time-left announcements (follow-kit.ts): loaded once an address is on screen. */
export type SettledScreens = typeof import('../follow-kit.js');

/** The element's attributes a mode reads (the element itself, seen through this). */
export interface TerminalSettings {
  readonly convertTo: string | undefined;
  readonly urlBack: string | undefined;
  readonly terminalDisplay: TerminalDisplay;
  readonly redirect: boolean;
}

/**
 * What a mode, and the shared render functions (views/), get of the element. Tasks and controllers of a mode
 * register on it as on the element itself.
 */
export interface ModeHost extends ReactiveControllerHost {
  /** The proxy's client; null until `proxy` and `token` are set. */
  readonly client: ProxyClient | null;
  /** The language of the element (its own or an ancestor's `lang`), for Intl. */
  readonly locale: string | undefined;
  readonly settings: TerminalSettings;
  /**
   * Starts loading the payment kit (once: the address validators, wallet URIs, the QR encoder) and the check of
   * `currency`'s network: a mode calls it as it asks for an address, so they load in parallel with the request.
   * Nothing is shown as where to pay before it has been checked.
   */
  checkAddresses(currency?: string): void;
  /** That kit once loaded (checkAddresses starts it): for a mode that needs a wallet URI of an address it does not show. */
  readonly kit: { readonly value: PaymentKit | undefined };
  /** Starts loading the settled screens (once), as a mode asks for a checkout to follow without an address to show. */
  followCheckout(): void;
  /** The time the customer has to pay; a mode moves it to its own deadline. */
  readonly expiry: CountdownController;
  /** The checkout the mode follows: its settlement (from the grant, then each payment event) and latest event. */
  readonly follow: PaymentFollow;
  /** What a copy button copied in the last two seconds. */
  readonly copied: CopyTarget | null;
  /** Copies `value`, confirms it on the button and in the live region, and fires `coinspaid-copy`. */
  copy(what: CopyTarget, value: string): Promise<void>;
  /** Says `text` in the polite live region. */
  announce(text: string): void;
  /** Fires an event from the element. */
  dispatch(event: Event): boolean;
  /** Back to the currency choice ("Change currency"). */
  readonly changeCurrency: () => void;
}

/** The screens the settlement calls for, the same in every mode (views/settled.ts). */
export type SettledStatus = 'not_confirmed' | 'confirmed' | 'underpaid' | 'cancelled' | 'expired';

/** A mode's own words on a settled screen (they replace the shared ones), and what follows them (a page link). */
export interface ModeWords {
  text?: string;
  after?: TemplateResult | typeof nothing;
}

/**
 * One way of taking the payment (address, terminal, invoice, futures, payout address). The shell renders the
 * loading, choosing and error screens and, from the proxy's settlement, the screens once a payment is seen (payment
 * seen, remainder, receipt, cancelled, expired: views/settled.ts); the mode derives its data, decides its status
 * before anything is seen, and renders its screen while nothing is.
 */
export interface ModeView {
  /** A currency the checkout fixes for this mode, ahead of the customer's choice (invoice: its sender currency). */
  fixedCurrency?(config: WidgetConfig): string | null | undefined;
  /**
   * Completes the shared view with the mode's data (its target: the amount still to send once part has arrived) or its
   * error. Called on every update
   * once the mode is loaded, with the shared part possibly unfinished (no config, no currency) or failed: a mode
   * leaves such a view as it is, dropping its requests' inputs if they must not outlive it. A mode switched away
   * from gets one last call with EMPTY_VIEW.
   */
  derive(view: View): View;
  /**
   * The element's status once the configuration has loaded and nothing failed (`choosing` included): the
   * settlement's (`host.follow.status()`) once there is one, else the mode's own.
   */
  status(view: View): TerminalStatus;
  /** The screen while nothing is seen (ready, waiting). */
  render(view: View, status: TerminalStatus): TemplateResult;
  /**
   * What stays above the screen as the payment goes on (ready, then the settled screens), in one place so that it is
   * never re-created: terminal mode's frame, which would load the hosted page again.
   */
  above?(status: TerminalStatus): TemplateResult | typeof nothing;
  /** This mode's words on a settled screen; the shared ones otherwise. */
  outcome?(status: SettledStatus, view: View): ModeWords | undefined;
  /** After the DOM is up to date and the status events went out: the mode's own events. */
  updated?(view: View): void;
  /** After the status changed and the shell's events went out. */
  statusChanged?(status: TerminalStatus): void;
  /** Runs the mode's failed requests again (the error screen's "Try again"). */
  retry(): void;
}

export type CreateModeView = (host: ModeHost) => ModeView;
