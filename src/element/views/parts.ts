/**
 * The pieces every mode's screens share, as pure functions of the host and the view: they look the same in every
 * mode, and they read state, never write it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatMoney } from '../../core/decimal-format.js';
import { formatClock } from '../controllers/countdown-controller.js';
import type { DecimalString } from '../../core/api-types.js';
import type { OrderSettlement } from '../../core/wire.js';
import type { CopyTarget } from '../events.js';
import type { ModeHost } from '../modes/mode.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';

export function loading(): TemplateResult {
  return html`<p part="status" class="status"><span class="spinner" aria-hidden="true"></span>${strings.loading}</p>`;
}

/**
 * A copy button: visible "Copy"/"Copied"; its name is the whole label ("Copy address", "Adresse kopieren"), which
 * contains the visible word in every locale, whatever its word order. "Copied" itself is announced in the live region.
 */
export function copyButton(host: ModeHost, what: CopyTarget, value: string, label: string): TemplateResult {
  return html`<button part="copy-button" class="copy" @click=${() => void host.copy(what, value)}>
    <span aria-hidden="true">${host.copied === what ? strings.copied : strings.copy}</span><span class="sr-only">${label}</span>
  </button>`;
}

/**
 * What the proxy says is still to send in `currency` once part has arrived; null when it cannot be asked for (too
 * small to send, or the proxy knows of nothing: the shop receives less).
 */
export function remainderIn(settlement: OrderSettlement, currency: string): DecimalString | null {
  const toSend = settlement.remaining_to_send;
  return toSend && toSend.currency === currency && !settlement.remaining_below_minimum ? toSend.amount : null;
}

/** "Waiting for your payment…": the status while nothing is seen (after that, the settled screens say where it stands). */
export function statusLine(): TemplateResult {
  return html`<p part="status" class="status waiting"><span class="spinner" aria-hidden="true"></span>${strings.waiting}</p>`;
}

/** A moment as a clock time in the locale ("14:32", "2:32 PM"), with the date when asked or when it is not today. */
export function clockTime(ms: number, locale: string | undefined, withDate = false): string {
  const date = withDate || new Date(ms).toDateString() !== new Date().toDateString();
  return new Intl.DateTimeFormat(locale, date ? { dateStyle: 'medium', timeStyle: 'short' } : { timeStyle: 'short' }).format(ms);
}

/**
 * The time to pay: "Pay by 14:32" from the start (what the live region's announcements name too), and the time left
 * counting down in the last 15 minutes.
 */
export function payBy({ expiry, locale }: ModeHost): TemplateResult | typeof nothing {
  const end = expiry.end;
  if (!expiry.running || end === null) return nothing;
  return html`<p class="muted">${strings.payBy(clockTime(end, locale))}</p>
    ${expiry.seconds <= 900 ? html`<p class="muted">${strings.timeLeft(formatClock(expiry.seconds, locale))}</p>` : nothing}`;
}

/** The merchant's price, when it is in another currency than the one paid in. */
export function priceLine(host: ModeHost, { price, selected }: View): TemplateResult | typeof nothing {
  if (!price || price.currency === selected?.currency) return nothing;
  return html`<p class="fiat">${formatMoney(price.amount, price.currency, host.locale)}</p>`;
}

/** Where to pay: the QR of the wallet URI, the address, the tag with its warning, the network warning. */
export function paymentTarget(host: ModeHost, { target, uri, qr }: View): TemplateResult {
  if (!target || !uri || !qr) return loading(); // a moment at most: the payment kit started loading with the address request
  const { currency, address, tag } = target;
  return html`<button part="qr" class="qr" aria-label=${strings.qrLabel(currency.name)} @click=${() => void host.copy('uri', uri.uri)}>
      <svg viewBox="0 0 ${qr.size} ${qr.size}" role="img" aria-hidden="true">
        <rect width=${qr.size} height=${qr.size} fill="#fff"></rect>
        <path d=${qr.d} fill="#000"></path>
      </svg>
    </button>
    ${uri.openable ? html`<div class="actions"><a class="button primary" href=${uri.uri}>${strings.openInWallet}</a></div>` : nothing}
    <div>
      <span class="label" id="address-label">${strings.addressLabel(currency.name)}</span>
      <div class="row">
        <code part="address" aria-labelledby="address-label">${address}</code>${copyButton(host, 'address', address, strings.copyAddress)}
      </div>
    </div>
    ${
      tag
        ? html`<div class="warn">
            <span class="label" id="tag-label">${strings.tagLabel}</span>
            <div class="row"><code aria-labelledby="tag-label">${tag}</code>${copyButton(host, 'tag', tag, strings.copyTag)}</div>
            <p>${strings.tagWarning}</p>
          </div>`
        : nothing
    }
    ${
      currency.network && currency.network !== currency.name
        ? html`<p class="warn">${strings.networkWarning(currency.currency, currency.network)}</p>`
        : nothing
    }`;
}
