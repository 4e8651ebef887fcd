import { html, nothing, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import { formatDecimal, formatMoney, isDecimal, trimDecimal } from '../../core/decimal-format.js';
import { isHttpUrl } from '../../core/validators.js';
import type { CheckoutInvoiceView, InvoiceGrant, WidgetConfig } from '../../core/wire.js';
import { formatClock } from '../controllers/countdown-controller.js';
import { asTerminalError, TerminalError } from '../errors.js';
import { InvoiceReadyEvent, RedirectEvent, type TerminalStatus } from '../events.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { clockTime, copyButton, paymentTarget, remainderIn, statusLine } from '../views/parts.js';
import type { CreateModeView, ModeHost, ModeView, ModeWords, SettledStatus } from './mode.js';
import { invoiceFailure, modeStrings as t } from './strings.js';

/**
 * `mode="invoice"`: the token's invoice, created by the proxy with the merchant's secret, paid inline at CoinsPaid's
 * fixed rate. The amount in the sender currency and the address show when CoinsPaid provides them; the link to
 * CoinsPaid's hosted invoice page always does (its URL is opaque, only checked to be http(s)). Where it stands is the
 * proxy's settlement of CoinsPaid's verdict: part paid asks for the rest only; failed with something paid is short
 * (the shop receives less), with nothing paid expired; the reason in plain words.
 */
export const invoiceMode: CreateModeView = (host) => new InvoiceView(host);

class InvoiceView implements ModeView {
  private currency: string | null = null;
  private ready = false;
  private checkout: CheckoutInvoiceView | null = null;

  private readonly task: Task<readonly [ModeHost['client'], string | null, boolean], InvoiceGrant>;

  constructor(private readonly host: ModeHost) {
    this.task = new Task(host, {
      task: ([client, currency, ready], { signal }) => {
        if (!client || !ready) return initialState;
        host.checkAddresses(currency ?? undefined);
        return client.invoice(currency ? { sender_currency: currency } : {}, signal);
      },
      args: () => [this.host.client, this.currency, this.ready] as const,
      onComplete: (grant) => {
        this.host.follow.start(grant.follow, grant.settlement);
        this.host.expiry.start(grant.invoice.release_at * 1000);
        this.host.dispatch(new InvoiceReadyEvent({ invoice: grant.invoice }));
      },
    });
  }

  fixedCurrency(config: WidgetConfig): string | null | undefined {
    return config.checkout.invoice?.sender_currency;
  }

  derive(view: View): View {
    if (view.error || !view.config) return view;
    this.checkout = view.config.checkout.invoice ?? null;
    if (!this.checkout) return { ...view, error: new TerminalError('misconfigured', strings.errors.misconfigured) };
    this.currency = view.selected?.currency ?? null;
    this.ready = true;
    if (this.task.status === TaskStatus.ERROR) return { ...view, error: asTerminalError(this.task.error) };
    const invoice = this.task.value?.invoice;
    const code = invoice?.sender_currency;
    const currency = code ? view.config.currencies.find((c) => c.currency === code) : undefined;
    if (!invoice?.address || !currency) return view;
    const settlement = view.settlement;
    // Part paid: the QR and the copy button ask for CoinsPaid's remainder only, never the full amount again.
    const amount = settlement?.status === 'underpaid' ? remainderIn(settlement, currency.currency) : senderAmountOf(invoice.sender_amount);
    return { ...view, target: { currency, address: invoice.address, tag: invoice.tag ?? null, amount } };
  }

  status(): TerminalStatus {
    if (!this.task.value) return 'loading';
    const { follow, expiry } = this.host;
    return follow.status(expiry.ended) ?? (expiry.ended ? 'expired' : 'waiting');
  }

  retry(): void {
    if (this.task.status === TaskStatus.ERROR) void this.task.run();
  }

  statusChanged(status: TerminalStatus): void {
    const payment = this.host.follow.latest;
    // The 24-hour extension once a payment is seen: the callback carries the invoice's new end.
    if (payment?.expires_at && (status === 'not_confirmed' || status === 'waiting')) this.host.expiry.start(payment.expires_at * 1000);
    // Only when the merchant asked for it: otherwise the page decides, on coinspaid-paid / coinspaid-status-changed.
    if (!this.host.settings.redirect) return;
    const failed = payment?.status === 'failed' && (status === 'underpaid' || status === 'expired');
    const outcome = status === 'confirmed' ? 'success' : failed ? 'failed' : null;
    const url = outcome === 'success' ? this.checkout?.url_success : outcome === 'failed' ? this.checkout?.url_failed : undefined;
    if (!outcome || !url || !isHttpUrl(url)) return;
    if (this.host.dispatch(new RedirectEvent({ url, outcome }))) window.location.assign(url);
  }

  /** The invoice's own words: CoinsPaid's reason when it failed the invoice, the 24-hour extension; its page link. */
  outcome(status: SettledStatus): ModeWords | undefined {
    if (status === 'confirmed') return undefined;
    const payment = this.host.follow.latest;
    const text =
      payment?.status === 'failed'
        ? invoiceFailure(payment.error)
        : status === 'not_confirmed'
          ? payment?.expires_at
            ? t.invoiceExtended
            : t.invoiceProcessing
          : undefined;
    return { ...(text ? { text } : {}), after: html`<div class="actions">${this.pageLink()}</div>` };
  }

  /** The invoice while nothing is paid: its amount, the exact sum to send with its QR, the timer. */
  render(view: View): TemplateResult {
    const { invoice } = this.task.value!;
    const checkout = this.checkout!;
    const code = invoice.sender_currency;
    const senderAmount = senderAmountOf(invoice.sender_amount);
    const { expiry, locale } = this.host;
    return html`<h2 id="heading" tabindex="-1">${checkout.title}</h2>
      ${checkout.description ? html`<p class="muted">${checkout.description}</p>` : nothing}
      <div part="amount" class="amount">
        <span class="label">${t.invoiceAmount}</span>
        <p class="fiat">${formatMoney(invoice.amount, invoice.currency, locale)}</p>
        ${
          senderAmount && code
            ? html`<span class="label">${t.sendExactly}</span>
                <div class="row crypto">
                  <span class="mono">${formatDecimal(senderAmount, locale)} ${code}</span
                  >${copyButton(this.host, 'amount', trimDecimal(senderAmount), strings.copyAmount)}
                </div>`
            : nothing
        }
      </div>
      ${invoice.address ? paymentTarget(this.host, view) : html`<p>${t.invoiceNoAddress}</p>`}
      ${
        expiry.running
          ? html`<div part="timer" class="timer">
              <p class="muted">${t.invoiceTimer(formatClock(expiry.seconds, locale))}</p>
              <p class="muted">${strings.payBy(clockTime(expiry.end!, locale))}</p>
            </div>`
          : nothing
      }
      ${statusLine()}
      <div class="actions">${this.pageLink()}</div>
      ${invoice.address ? html`<p class="muted">${t.invoicePageHint}</p>` : nothing}`;
  }

  /** CoinsPaid's hosted invoice page: its URL is opaque, only checked to be http(s). */
  private pageLink(): TemplateResult | typeof nothing {
    const { invoice } = this.task.value!;
    return isHttpUrl(invoice.url)
      ? html`<a class="button ${invoice.address ? '' : 'primary'}" href=${invoice.url} target="_blank" rel="noopener noreferrer"
          >${t.invoicePage}</a
        >`
      : nothing;
  }
}

function senderAmountOf(amount: string | null | undefined): string | null {
  return amount && isDecimal(amount) ? amount : null;
}
