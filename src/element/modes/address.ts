import { html, nothing, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import { formatDecimal, formatMoney, trimDecimal } from '../../core/decimal-format.js';
import type { AddressGrant } from '../../core/wire.js';
import { formatClock } from '../controllers/countdown-controller.js';
import { asTerminalError } from '../errors.js';
import { AddressReadyEvent, type TerminalStatus } from '../events.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { isolate, amountIn } from '../views/format.js';
import { copyButton, payBy, paymentTarget, priceLine, statusLine } from '../views/parts.js';
import { MarketPrice } from './market-price.js';
import type { CreateModeView, ModeHost, ModeView } from './mode.js';

/**
 * `mode="address"` (the default): a deposit address of the chosen currency, with the amount at the market rate
 * when there is a price. Where the checkout stands once payments arrive (in parts, short, over, late) is the proxy's
 * settlement, which the grant and every payment event carry: this view only asks for what it says is missing.
 */
export const addressMode: CreateModeView = (host) => new AddressView(host);

class AddressView implements ModeView {
  private readonly price: MarketPrice;
  private payable: string | null = null;
  private grant: AddressGrant | null = null;
  private reported: AddressGrant | null = null;
  private readonly task: Task<readonly [ModeHost['client'], string | null, string | undefined], AddressGrant>;

  constructor(private readonly host: ModeHost) {
    this.price = new MarketPrice(host);
    this.task = new Task(host, {
      task: ([client, currency, convertTo], { signal }) => {
        if (!client || !currency) return initialState;
        host.checkAddresses(currency);
        return client.address({ currency, ...(convertTo ? { convert_to: convertTo } : {}) }, signal);
      },
      args: () => [this.host.client, this.payable, this.host.settings.convertTo] as const,
      onComplete: (grant) => this.host.follow.start(grant.follow, grant.settlement),
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
    const { address, tag } = grant.address;
    const settlement = view.settlement;
    // Once part has arrived, the QR and the copy button ask for the rest only.
    const amount = settlement?.status === 'underpaid' ? this.price.remainder(settlement, selected) : this.price.amount;
    return { ...view, target: { currency: selected, address, tag, amount } };
  }

  status(view: View): TerminalStatus {
    const settled = this.host.follow.status(this.host.expiry.ended);
    if (settled) return settled;
    if (this.host.expiry.ended) return 'expired';
    if (!view.selected) return 'choosing';
    return this.grant && (this.price.amount || !view.price) ? 'waiting' : 'loading';
  }

  render(view: View): TemplateResult {
    return html`<h2 id="heading" tabindex="-1">${strings.payWith(view.selected!.name)}</h2>
      ${this.renderAmount(view)} ${paymentTarget(this.host, view)} ${this.renderTimer()} ${statusLine()}
      ${view.canChangeCurrency ? html`<button @click=${this.host.changeCurrency}>${strings.changeCurrency}</button>` : nothing}`;
  }

  updated(view: View): void {
    if (this.grant && this.grant !== this.reported && view.uri) {
      this.reported = this.grant;
      this.host.dispatch(new AddressReadyEvent({ address: this.grant.address, uri: view.uri.uri, amount: this.price.amount }));
    }
    this.price.updated(view);
  }

  statusChanged(status: TerminalStatus): void {
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

  /** The rate's window, and the time to pay: as a clock time from the start, counting down in the last 15 minutes. */
  private renderTimer(): TemplateResult {
    const { quote, countdown } = this.price;
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
      ${payBy(this.host)}
    </div>`;
  }
}
