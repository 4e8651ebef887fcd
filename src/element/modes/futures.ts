import { html, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import { compareDecimal } from '../../core/decimal.js';
import { formatDecimal, formatMoney, isDecimal, trimDecimal } from '../../core/decimal-format.js';
import type { DecimalString } from '../../core/api-types.js';
import type { FuturesGrant, FuturesRatesGrant } from '../../core/wire.js';
import { asTerminalError, TerminalError } from '../errors.js';
import { AddressReadyEvent, type TerminalStatus } from '../events.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { isolate } from '../views/format.js';
import { copyButton, paymentTarget, remainderIn, statusLine } from '../views/parts.js';
import type { CreateModeView, ModeHost, ModeView, ModeWords, SettledStatus } from './mode.js';
import { modeStrings as t } from './strings.js';

/**
 * `mode="futures"`: a rate CoinsPaid guarantees for an amount the merchant receives, on the customer's exchange
 * address. The table of fixed rates by amount (`futures/rates`) with its fixing window; the amount is the checkout's
 * price when it is in the settlement currency, else the customer picks a row; the proxy confirms it
 * (`futures/confirm`) and the customer sees the exact amount to send and the address until the window closes. The
 * reference: a different amount arriving is converted like a normal deposit with exchange; 10,000 EUR at most. The
 * proxy values payments at what CoinsPaid credited: a short one is underpaid, and the customer is told the shop
 * receives less.
 */
export const futuresMode: CreateModeView = (host) => new FuturesView(host);

type Client = ModeHost['client'];

class FuturesView implements ModeView {
  private currency: string | null = null;
  private convertTo: string | null = null;
  /** The receiver amount: the checkout's price, or the row the customer picked. */
  private amount: DecimalString | null = null;
  private picked: DecimalString | null = null;
  private reported: FuturesGrant | null = null;

  private readonly ratesTask: Task<readonly [Client, string | null], FuturesRatesGrant>;
  private readonly confirmTask: Task<readonly [Client, string | null, string | null, DecimalString | null], FuturesGrant>;

  constructor(private readonly host: ModeHost) {
    this.ratesTask = new Task(host, {
      task: ([client, currency], { signal }) => (client && currency ? client.futuresRates(currency, signal) : initialState),
      args: () => [this.host.client, this.currency] as const,
    });
    this.confirmTask = new Task(host, {
      task: ([client, currency, convertTo, amount], { signal }) => {
        if (!client || !currency || !convertTo || !amount) return initialState;
        host.checkAddresses(currency);
        return client.futuresConfirm({ sender_currency: currency, receiver_currency: convertTo, receiver_amount: amount }, signal);
      },
      args: () => [this.host.client, this.currency, this.convertTo, this.amount] as const,
      onComplete: (grant) => {
        this.host.follow.start(grant.follow, grant.settlement);
        this.host.expiry.start(grant.ts_release * 1000);
      },
    });
  }

  derive(view: View): View {
    if (view.error || !view.config || !view.selected) return view;
    const checkout = view.config.checkout;
    this.convertTo = checkout.convert_to;
    if (!this.convertTo) return { ...view, error: new TerminalError('misconfigured', strings.errors.misconfigured) };
    if (view.selected.currency !== this.currency) this.picked = null;
    this.currency = view.selected.currency;
    this.amount = view.price && view.price.currency === this.convertTo ? view.price.amount : this.picked;
    for (const task of [this.ratesTask, this.confirmTask]) {
      if (task.status === TaskStatus.ERROR) return { ...view, error: this.asError(task.error) };
    }
    const grant = this.confirmTask.value;
    if (!grant) return view;
    const { address, tag } = grant.address;
    const settlement = view.settlement;
    // Short: what is still missing, at the market rate (the fixed one held only for the exact amount).
    const amount = settlement?.status === 'underpaid' ? remainderIn(settlement, view.selected.currency) : grant.sender_amount;
    return { ...view, target: { currency: view.selected, address, tag, amount } };
  }

  status(view: View): TerminalStatus {
    if (!view.selected) return 'choosing';
    const { follow, expiry } = this.host;
    if (this.confirmTask.value) return follow.status(expiry.ended) ?? (expiry.seconds > 0 ? 'waiting' : 'expired');
    // Picking from the table, or confirming the price.
    return this.ratesTask.value && !this.amount ? 'ready' : 'loading';
  }

  retry(): void {
    for (const task of [this.ratesTask, this.confirmTask]) if (task.status === TaskStatus.ERROR) void task.run();
  }

  render(view: View): TemplateResult {
    const grant = this.confirmTask.value;
    return grant ? this.renderConfirmed(view, grant) : this.renderTable(view, this.ratesTask.value!);
  }

  /** A short payment missed the fixed rate: said plainly, beside the remainder (if it can be sent). */
  outcome(status: SettledStatus): ModeWords | undefined {
    return status === 'underpaid' ? { text: t.futuresShort } : undefined;
  }

  /** `coinspaid-address-ready` once the confirmed address is on screen. */
  updated(view: View): void {
    const grant = this.confirmTask.value;
    if (grant && grant !== this.reported && view.uri) {
      this.reported = grant;
      this.host.dispatch(new AddressReadyEvent({ address: grant.address, uri: view.uri.uri, amount: grant.sender_amount }));
    }
  }

  private renderTable(view: View, rates: FuturesRatesGrant): TemplateResult {
    const currency = view.selected!;
    const convertTo = this.convertTo!;
    const table = rates.rates[`${currency.currency}${convertTo}`] ?? {};
    const rows = Object.entries(table)
      .filter(([amount, price]) => isDecimal(amount) && isDecimal(price))
      .sort(([a], [b]) => compareDecimal(a, b));
    return html`<h2 id="heading" tabindex="-1">${t.futuresHeading}</h2>
      <p class="muted">${t.futuresHint}</p>
      <ul>
        ${rows.map(
          ([amount, price]) =>
            html`<li>
              <button class="choice" @click=${() => this.pick(amount)}>
                ${t.futuresRow(this.money(amount, convertTo), isolate(`1 ${currency.currency} = ${this.money(price, convertTo)}`))}
              </button>
            </li>`,
        )}
      </ul>
      <p class="muted">${t.futuresUntil(this.time(rates.ts_release))}</p>`;
  }

  private renderConfirmed(view: View, grant: FuturesGrant): TemplateResult {
    const receiver = this.money(grant.receiver_amount, grant.receiver_currency);
    return html`<h2 id="heading" tabindex="-1">${strings.payWith(view.selected!.name)}</h2>
      <div part="amount" class="amount">
        <span class="label">${t.futuresReceive}</span>
        <p class="fiat">${receiver}</p>
        <span class="label">${t.sendExactly}</span>
        <div class="row crypto">
          <span class="mono">${formatDecimal(grant.sender_amount, this.host.locale)} ${grant.sender_currency}</span
          >${copyButton(this.host, 'amount', trimDecimal(grant.sender_amount), strings.copyAmount)}
        </div>
        <p class="muted">
          ${strings.rateLine(isolate(`1 ${grant.sender_currency} = ${this.money(grant.price, grant.receiver_currency)}`))}
        </p>
      </div>
      ${paymentTarget(this.host, view)}
      <div part="timer" class="timer"><p class="muted">${t.futuresUntil(this.time(grant.ts_release))}</p></div>
      <p class="muted">${t.futuresDifferent(receiver)}</p>
      ${statusLine()}`;
  }

  private pick(amount: DecimalString): void {
    this.picked = amount;
    this.host.requestUpdate();
  }

  private money(value: DecimalString, currency: string): string {
    return formatMoney(value, currency, this.host.locale);
  }

  private time(unixSeconds: number): string {
    return new Intl.DateTimeFormat(this.host.locale, { hour: 'numeric', minute: '2-digit' }).format(unixSeconds * 1000);
  }

  /** CoinsPaid refuses amounts over its futures limit with a field error on receiver_amount: say so plainly. */
  private asError(error: unknown): TerminalError {
    if (!(error instanceof TerminalError)) return asTerminalError(error);
    if ('receiver_amount' in error.errors && /limit/i.test(error.errors['receiver_amount']!)) {
      return new TerminalError('amount_above_limit', t.futuresLimit, error.errors, error.status);
    }
    return error;
  }
}
