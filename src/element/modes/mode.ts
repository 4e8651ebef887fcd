import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { DecimalString } from '../../core/api-types.js';
import type { FollowHandle, PaymentEvent, WidgetCurrency } from '../../core/wire.js';
import type { CountdownController } from '../controllers/countdown-controller.js';
import type { CopyTarget, TerminalStatus } from '../events.js';
import type { ProxyClient } from '../proxy-client.js';
import type { View } from '../view.js';

/**
 * Modes beyond the plain deposit (invoice, futures, payout address) load on first use, so the address checkout's
 * bundle does not carry them. A mode gets the element through this interface: the shared pieces (QR and address
 * block, copy buttons, status line, number formatting, the live region) stay in one place and look the same in
 * every mode.
 */
export interface ModeHost extends ReactiveControllerHost, Pick<HTMLElement, 'dispatchEvent'> {
  readonly client: ProxyClient | null;
  /** The language of the element (its own or an ancestor's `lang`), for Intl. */
  readonly locale: string | undefined;
  /** The latest event of the payment being followed. */
  readonly payment: PaymentEvent | null;
  /** Ask the host to navigate to url_success / url_failed when an invoice ends. */
  readonly redirect: boolean;
  /** The time the customer has to pay; a mode moves it to its own deadline. */
  readonly expiry: CountdownController;
  followPayment(handle: FollowHandle): void;
  stopFollowing(): void;
  /** Where and how much to pay: QR of the wallet URI, address, tag with its warning, network warning. */
  renderTarget(currency: WidgetCurrency, address: string, tag: string | null, amount: DecimalString | null): TemplateResult;
  renderCopy(what: CopyTarget, value: string, label: string): TemplateResult;
  /** "Waiting for your payment…" / "Payment seen…" for the current payment. */
  renderStatus(): TemplateResult;
  number(value: DecimalString): string;
  money(value: DecimalString, currency: string): string;
  /** An amount and its code for a sentence, kept in one piece in right-to-left text. */
  amountIn(value: DecimalString, code: string): string;
  /** Keeps a left-to-right value (a rate) in one piece inside right-to-left text. */
  isolate(text: string): string;
  /** Says `text` in the polite live region. */
  announce(text: string): void;
  /** The shared final views: payment received (with what was sent), and a heading with an explanation. */
  renderPaid(): TemplateResult;
  renderFinal(heading: string, text: string, status: TerminalStatus): TemplateResult;
}

export interface ModeView {
  /** False for modes that do not take a payment (payout address): no currency is chosen first. */
  readonly needsCurrency: boolean;
  /** Completes the shared view (config, choices, selection, price) with this mode's data; may set `error`. */
  derive(view: View): View;
  /** The element's status once the shared part is settled (no error, a currency chosen where needed). */
  status(view: View): TerminalStatus;
  /** The mode's view for every status but loading, choosing and error (which the host renders). */
  render(view: View): TemplateResult;
  /** Runs tasks that failed again (the host's retry button). */
  retry(): void;
  /** After the host's status changed and its events went out. */
  statusChanged?(status: TerminalStatus): void;
}

export type CreateModeView = (host: ModeHost) => ModeView;
