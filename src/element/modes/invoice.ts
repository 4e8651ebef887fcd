import { html, nothing, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import { compareDecimal, isDecimal, trimDecimal } from '../../core/amount.js';
import { isHttpUrl } from '../../core/validators.js';
import type { CheckoutInvoiceView, InvoiceGrant, PaymentEvent } from '../../core/wire.js';
import { formatClock } from '../controllers/countdown-controller.js';
import { asTerminalError, TerminalError } from '../errors.js';
import { InvoiceReadyEvent, RedirectEvent, type TerminalStatus } from '../events.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import type { CreateModeView, ModeHost, ModeView } from './mode.js';
import { invoiceFailure, modeStrings as t } from './strings.js';

/**
 * `mode="invoice"`: the token's invoice, created by the proxy with the merchant's secret, paid inline at CoinsPaid's
 * fixed rate. The amount in the sender currency and the address show when CoinsPaid provides them; the link to
 * CoinsPaid's hosted invoice page always does (its URL is opaque, only checked to be http(s)). Statuses follow the
 * invoice's callbacks: created → pending → processing → confirmed, or failed with the reason in plain words.
 */
export const invoiceMode: CreateModeView = (host) => new InvoiceView(host);

class InvoiceView implements ModeView {
  readonly needsCurrency = false;
  private currency: string | null = null;
  private ready = false;
  private checkout: CheckoutInvoiceView | null = null;

  private readonly task: Task<readonly [ModeHost['client'], string | null, boolean], InvoiceGrant>;

  constructor(private readonly host: ModeHost) {
    this.task = new Task(host, {
      task: ([client, currency, ready], { signal }) =>
        client && ready ? client.invoice(currency ? { sender_currency: currency } : {}, signal) : initialState,
      args: () => [this.host.client, this.currency, this.ready] as const,
      onComplete: (grant) => {
        this.host.followPayment(grant.follow);
        this.host.expiry.start(grant.invoice.release_at * 1000);
        this.host.dispatchEvent(new InvoiceReadyEvent({ invoice: grant.invoice }));
      },
    });
  }

  derive(view: View): View {
    this.checkout = view.config?.checkout.invoice ?? null;
    if (!this.checkout) return { ...view, error: new TerminalError('misconfigured', strings.errors.misconfigured) };
    this.currency = view.selected?.currency ?? null;
    this.ready = true;
    if (this.task.status === TaskStatus.ERROR) return { ...view, error: asTerminalError(this.task.error) };
    return view;
  }

  status(): TerminalStatus {
    const grant = this.task.value;
    if (!grant) return 'loading';
    const payment = this.host.payment;
    switch (payment?.status) {
      case 'confirmed':
        return 'confirmed';
      case 'failed':
        return 'failed';
      case 'pending':
      case 'processing':
        return 'not_confirmed';
      default:
        return this.host.expiry.running || this.host.expiry.seconds > 0 ? 'waiting' : 'expired';
    }
  }

  retry(): void {
    if (this.task.status === TaskStatus.ERROR) void this.task.run();
  }

  statusChanged(status: TerminalStatus): void {
    const payment = this.host.payment;
    // The 24-hour extension once a payment is seen: the callback carries the invoice's new end.
    if (payment?.expires_at && (status === 'not_confirmed' || status === 'waiting')) this.host.expiry.start(payment.expires_at * 1000);
    // Only when the merchant asked for it: otherwise the page decides, on coinspaid-paid / coinspaid-status-changed.
    if (!this.host.redirect) return;
    const outcome = status === 'confirmed' ? 'success' : status === 'failed' ? 'failed' : null;
    const url = outcome === 'success' ? this.checkout?.url_success : outcome === 'failed' ? this.checkout?.url_failed : undefined;
    if (!outcome || !url || !isHttpUrl(url)) return;
    if (this.host.dispatchEvent(new RedirectEvent({ url, outcome }))) window.location.assign(url);
  }

  render(view: View): TemplateResult {
    const grant = this.task.value!;
    const { invoice } = grant;
    const payment = this.host.payment;
    const status = this.status();
    const pageLink = isHttpUrl(invoice.url)
      ? html`<a class="button ${invoice.address ? '' : 'primary'}" href=${invoice.url} target="_blank" rel="noopener noreferrer"
          >${t.invoicePage}</a
        >`
      : nothing;
    if (status === 'confirmed') return this.host.renderPaid();
    if (status === 'failed')
      return html`${this.host.renderFinal(strings.failedHeading, invoiceFailure(payment?.error ?? ''), 'failed')} ${pageLink}`;
    if (status === 'expired') return this.host.renderFinal(strings.expiredHeading, t.invoiceExpiredText, 'expired');

    const checkout = this.checkout!;
    const senderCurrency = invoice.sender_currency;
    const senderAmount = invoice.sender_amount && isDecimal(invoice.sender_amount) ? invoice.sender_amount : null;
    const currency = senderCurrency ? view.config!.currencies.find((c) => c.currency === senderCurrency) : undefined;
    const remaining = remainingOf(payment);
    const seconds = this.host.expiry.seconds;
    return html`<h2 id="heading" tabindex="-1">${checkout.title}</h2>
      ${checkout.description ? html`<p class="muted">${checkout.description}</p>` : nothing}
      <div part="amount" class="amount">
        <span class="label">${t.invoiceAmount}</span>
        <p class="fiat">${this.host.money(invoice.amount, invoice.currency)}</p>
        ${
          senderAmount && senderCurrency
            ? html`<span class="label">${t.sendExactly}</span>
                <div class="row crypto">
                  <span class="mono">${this.host.number(senderAmount)} ${senderCurrency}</span
                  >${this.host.renderCopy('amount', trimDecimal(senderAmount), strings.copyAmount)}
                </div>`
            : nothing
        }
      </div>
      ${remaining && senderCurrency ? html`<p class="warn">${t.invoiceRemaining(this.host.amountIn(remaining, senderCurrency))}</p>` : nothing}
      ${invoice.address && currency ? this.host.renderTarget(currency, invoice.address, invoice.tag ?? null, remaining ?? senderAmount) : html`<p>${t.invoiceNoAddress}</p>`}
      ${
        this.host.expiry.running
          ? html`<div part="timer" class="timer">
              <p class="muted">${payment?.expires_at ? t.invoiceExtended : t.invoiceTimer(formatClock(seconds, this.host.locale))}</p>
            </div>`
          : nothing
      }
      ${
        payment?.status === 'processing'
          ? html`<p part="status" class="status not_confirmed"><span class="spinner" aria-hidden="true"></span>${t.invoiceProcessing}</p>`
          : this.host.renderStatus()
      }
      <div class="actions">${pageLink}</div>
      ${invoice.address ? html`<p class="muted">${t.invoicePageHint}</p>` : nothing}`;
  }
}

function remainingOf(payment: PaymentEvent | null): string | null {
  const remaining = payment?.remaining;
  return remaining && isDecimal(remaining) && compareDecimal(remaining, '0') > 0 ? remaining : null;
}
