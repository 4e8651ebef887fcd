import { html, nothing, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { DecimalString } from '../../core/api-types.js';
import { formatDecimal, formatMoney, trimDecimal } from '../../core/decimal-format.js';
import type { AddressGrant } from '../../core/wire.js';
import { formatClock } from '../controllers/countdown-controller.js';
import { asTerminalError } from '../errors.js';
import { AddressReadyEvent, type TerminalStatus } from '../events.js';
import type { Settlement } from '../settlement.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { isolate, amountIn } from '../views/format.js';
import { copyButton, paymentTarget, priceLine, statusLine } from '../views/parts.js';
import { MarketPrice } from './market-price.js';
import type { CreateModeView, ModeHost, ModeView } from './mode.js';

/**
 * `mode="address"` (the default): a deposit address of the chosen currency, with the amount at the market rate
 * when there is a price. Payments to it are followed and judged against the amount asked: customers may pay in
 * parts, too little, too much, or with the amount of the rate window before.
 */
export const addressMode: CreateModeView = (host) => new AddressView(host);

/** The element's status for where an address's payments stand (`none`: the checkout's own state decides). */
const SETTLED_STATUS: Record<Settlement['state'], TerminalStatus | null> = {
  none: null,
  pending: 'not_confirmed',
  paid: 'confirmed',
  underpaid: 'underpaid',
  cancelled: 'cancelled',
};

class AddressView implements ModeView {
  private readonly price: MarketPrice;
  private payable: string | null = null;
  private grant: AddressGrant | null = null;
  private reported: AddressGrant | null = null;
  /** The crypto amounts shown in the previous and the current rate window, oldest first. */
  private asked: DecimalString[] = [];
  /** `asked` when the first payment was seen: what the payments are judged against. */
  private askedWhenSeen: DecimalString[] | null = null;
  private readonly task: Task<readonly [ModeHost['client'], string | null, string | undefined], AddressGrant>;

  constructor(private readonly host: ModeHost) {
    this.price = new MarketPrice(host);
    this.task = new Task(host, {
      task: ([client, currency, convertTo], { signal }) =>
        client && currency ? client.address({ currency, ...(convertTo ? { convert_to: convertTo } : {}) }, signal) : initialState,
      args: () => [this.host.client, this.payable, this.host.settings.convertTo] as const,
      onComplete: (grant) => {
        this.askedWhenSeen = null;
        this.host.follow.start(grant.follow);
      },
    });
  }

  derive(shared: View): View {
    const view = this.price.derive(shared);
    this.payable = this.price.payable;
    this.grant = null;
    if (view.error || !this.payable) return view;
    if (this.task.status === TaskStatus.ERROR) return { ...view, error: asTerminalError(this.task.error) };
    const selected = view.selected!;
    const grant = (this.grant = this.task.value?.address.currency === selected.currency ? this.task.value : null);
    if (!grant) return view;
    const payments = this.host.follow.all;
    let settlement: Settlement | null = null;
    if (payments.size) {
      // Judged against what the customer saw when they paid, whatever the rate does afterwards.
      this.askedWhenSeen ??= [...this.asked];
      const asked = this.askedWhenSeen.length ? this.askedWhenSeen : this.price.amount ? [this.price.amount] : [];
      settlement = this.host.kit.value!.settle([...payments.values()], selected.currency, asked, selected.precision);
    }
    const { address, tag } = grant.address;
    return { ...view, settlement, target: { currency: selected, address, tag, amount: settlement?.remaining ?? this.price.amount } };
  }

  status(view: View): TerminalStatus {
    const settled = view.settlement ? SETTLED_STATUS[view.settlement.state] : null;
    if (settled) return settled;
    if (this.host.expiry.ended) return 'expired';
    if (!view.selected) return 'choosing';
    return this.grant && (this.price.amount || !view.price) ? 'waiting' : 'loading';
  }

  render(view: View, status: TerminalStatus): TemplateResult {
    return html`<h2 id="heading" tabindex="-1">${strings.payWith(view.selected!.name)}</h2>
      ${this.renderAmount(view)} ${paymentTarget(this.host, view)} ${this.renderTimer()} ${statusLine(this.host, status)}
      ${
        view.canChangeCurrency && status === 'waiting'
          ? html`<button @click=${this.host.changeCurrency}>${strings.changeCurrency}</button>`
          : nothing
      }`;
  }

  updated(view: View): void {
    if (this.grant && this.grant !== this.reported && view.uri) {
      this.reported = this.grant;
      this.host.dispatch(new AddressReadyEvent({ address: this.grant.address, uri: view.uri.uri, amount: this.price.amount }));
    }
    const amount = this.price.amount;
    if (amount && amount !== this.asked.at(-1)) this.asked = [...this.asked, amount].slice(-2);
    this.price.updated(view);
  }

  statusChanged(status: TerminalStatus): void {
    if (status === 'choosing') this.asked = [];
    this.price.statusChanged(status);
  }

  retry(): void {
    this.price.retry();
    if (this.task.status === TaskStatus.ERROR) void this.task.run();
  }

  private renderAmount(view: View): TemplateResult {
    const { amount, minimum, quote } = this.price;
    const { price } = view;
    const code = view.selected!.currency;
    const locale = this.host.locale;
    return html`<div part="amount" class="amount">
      <span class="label">${strings.toPay}</span>
      ${priceLine(this.host, view)}
      ${
        amount
          ? html`<div class="row crypto">
              <span class="mono">${formatDecimal(amount, locale)} ${code}</span
              >${copyButton(this.host, 'amount', trimDecimal(amount), strings.copyAmount)}
            </div>`
          : minimum
            ? html`<p>${strings.sendAtLeast(amountIn(minimum, code, locale))}</p>`
            : nothing
      }
      ${quote && price ? html`<p class="muted">${strings.rateLine(isolate(`1 ${code} = ${formatMoney(quote.price, price.currency, locale)}`))}</p>` : nothing}
    </div>`;
  }

  /** The rate's window, always; the time left to pay once it matters (the last 15 minutes). */
  private renderTimer(): TemplateResult | typeof nothing {
    const { quote, countdown } = this.price;
    const { expiry } = this.host;
    const showExpiry = expiry.running && expiry.seconds <= 15 * 60;
    if (!quote && !showExpiry) return nothing;
    const locale = this.host.locale;
    return html`<div part="timer" class="timer">
      ${
        quote
          ? html`<p class="muted">
                ${this.price.refreshing ? strings.rateRefreshing : strings.rateFixed(formatClock(countdown.seconds, locale))}
              </p>
              <progress max="1000" value=${Math.round(countdown.fraction * 1000)} aria-hidden="true"></progress>
              ${quote.stale ? html`<p class="muted">${strings.rateStale}</p>` : nothing}`
          : nothing
      }
      ${showExpiry ? html`<p class="muted">${strings.timeLeft(formatClock(expiry.seconds, locale))}</p>` : nothing}
    </div>`;
  }
}
