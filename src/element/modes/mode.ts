import type { nothing, ReactiveControllerHost, TemplateResult } from 'lit';
import type { Task } from '@lit/task';
import type { WidgetConfig } from '../../core/wire.js';
import type { TerminalDisplay } from '../coinspaid-terminal.component.js';
import type { CountdownController } from '../controllers/countdown-controller.js';
import type { PaymentFollow } from '../controllers/followed-payments.js';
import type { CopyTarget, TerminalStatus } from '../events.js';
import type { ProxyClient } from '../proxy-client.js';
import type { View } from '../view.js';

/** Decimal arithmetic, wallet URIs, settlement and the QR encoder (payment-kit.ts), loaded after the first paint. */
export type PaymentKit = typeof import('../payment-kit.js');

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
  /** Loads right after the first paint; its value is undefined until then. */
  readonly kit: Task<readonly [], PaymentKit>;
  /** The time the customer has to pay; a mode moves it to its own deadline. */
  readonly expiry: CountdownController;
  /** The payments to the address (or invoice) the mode follows. */
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

/** The final screens a mode may word its own way. */
export type FinalStatus = 'cancelled' | 'expired' | 'failed';

/** A mode's words for a final screen, and what follows them (the invoice's page link). */
export interface FinalWords {
  text: string;
  after?: TemplateResult | typeof nothing;
}

/**
 * One way of taking the payment (address, terminal, invoice, futures, payout address). The shell renders the
 * loading, choosing and error screens and, from the status, the receipt and the final screens (views/screens.ts);
 * the mode derives its data, decides its status and renders its screen while the payment is open.
 */
export interface ModeView {
  /** A currency the checkout fixes for this mode, ahead of the customer's choice (invoice: its sender currency). */
  fixedCurrency?(config: WidgetConfig): string | null | undefined;
  /**
   * Completes the shared view with the mode's data (its target, its settlement) or its error. Called on every update
   * once the mode is loaded, with the shared part possibly unfinished (no config, no currency) or failed: a mode
   * leaves such a view as it is, dropping its requests' inputs if they must not outlive it. A mode switched away
   * from gets one last call with EMPTY_VIEW.
   */
  derive(view: View): View;
  /** The element's status once the configuration has loaded and nothing failed (`choosing` included). */
  status(view: View): TerminalStatus;
  /** The screen for an open status (ready, waiting, not_confirmed). */
  render(view: View, status: TerminalStatus): TemplateResult;
  /** This mode's words for a final screen; the shared ones otherwise. */
  outcome?(status: FinalStatus): FinalWords | undefined;
  /** After the DOM is up to date and the status events went out: the mode's own events. */
  updated?(view: View): void;
  /** After the status changed and the shell's events went out. */
  statusChanged?(status: TerminalStatus): void;
  /** Runs the mode's failed requests again (the error screen's "Try again"). */
  retry(): void;
}

export type CreateModeView = (host: ModeHost) => ModeView;
