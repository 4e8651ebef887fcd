/**
 * The screens once a payment is seen, the same in every mode, drawn from the proxy's settlement (never judged here):
 * payment seen and confirming, the remainder to send, the receipt, cancelled (send again) and expired (start again).
 * They load once an address has been painted (follow-kit.ts): none of them can show before an address was.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { sumDecimals } from '../../core/decimal.js';
import { formatDecimal, formatMoney, trimDecimal } from '../../core/decimal-format.js';
import type { Money, SettlementPayment } from '../../core/wire.js';
import { RestartEvent } from '../events.js';
import type { ModeHost, ModeWords, SettledStatus } from '../modes/mode.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { amountIn, isolate } from './format.js';
import { explorerLink } from './explorers.js';
import { clockTime, copyButton, paymentTarget } from './parts.js';
import { settledStrings as t } from './settled-strings.js';

/** The screen for a settled status, with the mode's own words where it has some. */
export function settledScreen(host: ModeHost, view: View, status: SettledStatus, words: ModeWords | undefined): TemplateResult {
  const screen = { not_confirmed: seen, confirmed: receipt, underpaid, cancelled, expired }[status];
  return html`${screen(host, view, words)}${words?.after ?? nothing}`;
}

/** An amount for people: a fiat one as money ("€106.75"), a crypto one with its code, isolated in right-to-left text. */
function money({ amount, currency }: Money, view: View, locale: string | undefined): string {
  const fiat = view.config?.currencies.some((c) => c.currency === currency && c.type === 'fiat');
  return fiat ? isolate(formatMoney(amount, currency, locale)) : amountIn(amount, currency, locale);
}

const heading = (text: string) => html`<h2 id="heading" tabindex="-1">${text}</h2>`;
const note = (text: string | undefined, kind = 'warn') => (text ? html`<p class=${kind}>${text}</p>` : nothing);

/** The amount to send and its copy button: the remainder, or the amount again after a cancelled payment. */
function amountToSend(host: ModeHost, view: View, label: string, value?: string): TemplateResult {
  const { currency, amount } = view.target!;
  return html`<div part="amount" class="amount">
    <span class="label">${label}</span>
    ${value ? html`<p class="fiat">${value}</p>` : nothing}
    ${
      amount
        ? html`<div class="row crypto">
            <span class="mono">${formatDecimal(amount, host.locale)} ${currency.currency}</span
            >${copyButton(host, 'amount', trimDecimal(amount), strings.copyAmount)}
          </div>`
        : nothing
    }
  </div>`;
}

/** Seen on the network: what was sent, the confirmations so far; nothing more is asked for. */
function seen(host: ModeHost, view: View, words: ModeWords | undefined): TemplateResult {
  const sent = view.settlement?.payments.filter((p) => p.status === 'not_confirmed') ?? [];
  const confirmations = host.follow.latest?.confirmations;
  return html`${heading(t.seenHeading)}
    <p part="status" class="status not_confirmed">
      <span class="spinner" aria-hidden="true"></span>${t.seen}${confirmations ? ` ${t.confirmations(confirmations)}` : ''}
    </p>
    ${sent.map((p) => html`<p>${t.youSent(amountIn(p.sent.amount, p.sent.currency, host.locale))}</p>`)} ${note(words?.text, 'muted')}`;
}

/** Less than the price arrived: only what is missing, with its QR; or why it is not asked for. */
function underpaid(host: ModeHost, view: View, words: ModeWords | undefined): TemplateResult {
  const s = view.settlement!;
  const locale = host.locale;
  const target = view.target;
  const remaining = s.remaining;
  // The mode put the remainder in the target (at the live rate, or the proxy's figure); null: it cannot be asked for.
  const asked = !!target?.amount && !s.remaining_below_minimum;
  const why =
    s.remaining_below_minimum && remaining ? t.remainderTooSmall(money(remaining, view, locale)) : asked ? undefined : t.shopReceivesLess;
  return html`${heading(t.underpaidHeading)}
  ${
    s.received && s.expected
      ? html`<p part="status" class="status underpaid">
          ${t.underpaidText(money(s.received, view, locale), money(s.expected, view, locale))}
        </p>`
      : nothing
  }
  ${note(words?.text ?? why)}
  ${
    asked
      ? html`${amountToSend(
          host,
          view,
          t.sendRemaining,
          remaining && remaining.currency !== target.currency.currency ? money(remaining, view, locale) : undefined,
        )}
        ${paymentTarget(host, view)}`
      : nothing
  }`;
}

/** One receipt row. */
const row = (label: string, value: unknown) =>
  html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;

/** A transaction id to copy, with its block explorer link where the currency has a public one. */
function transaction(host: ModeHost, payment: SettlementPayment): TemplateResult {
  const txid = payment.txid!;
  const link = explorerLink(payment.sent.currency, txid);
  return row(
    t.transactionId,
    html`<div class="row"><code>${txid}</code>${copyButton(host, 'txid', txid, t.copyTxid)}</div>
      ${link ? html`<a href=${link.href} target="_blank" rel="noopener noreferrer">${t.viewOn(link.site)}</a>` : nothing}`,
  );
}

/** Paid: a receipt (order, amount in crypto and in the price's currency, time, transactions) and the way back. */
function receipt(host: ModeHost, view: View): TemplateResult {
  const s = view.settlement!;
  const locale = host.locale;
  const counted = s.payments.filter((p) => p.status === 'confirmed');
  const codes = new Set(counted.map((p) => p.sent.currency));
  const [code] = codes;
  const sent = codes.size === 1 && code ? { amount: sumDecimals(counted.map((p) => p.sent.amount)), currency: code } : null;
  const worth = s.received && s.received.currency !== sent?.currency ? ` (${money(s.received, view, locale)})` : '';
  const last = counted.at(-1);
  return html`${heading(t.paidHeading)}
    <p part="status" class="status confirmed">${t.paidText}</p>
    <dl>
      ${s.order_id ? row(t.order, html`<span class="mono">${s.order_id}</span>`) : nothing}
      ${sent ? row(t.amountPaid, html`<span class="mono">${formatDecimal(sent.amount, locale)} ${sent.currency}</span>${worth}`) : nothing}
      ${last ? row(t.paidAt, clockTime(last.seen_at * 1000, locale, true)) : nothing}
      ${counted.filter((p) => p.txid).map((p) => transaction(host, p))}
    </dl>
    ${s.overpaid ? note(t.overpaid(money(s.overpaid, view, locale))) : nothing}
    ${note(counted.some((p) => p.previous_window) ? t.afterRateWindow : undefined, 'muted')} ${note(s.late ? t.paidAfterExpiry : undefined)}
    ${view.urlBack ? html`<a class="button primary" href=${view.urlBack}>${t.backToShop}</a>` : nothing}`;
}

/** Cancelled (a double spend): nothing arrived; the address and QR again, to send again. */
function cancelled(host: ModeHost, view: View, words: ModeWords | undefined): TemplateResult {
  return html`${heading(t.cancelledHeading)}
    <p part="status" class="status cancelled">${words?.text ?? t.cancelledText}</p>
    ${view.target ? html`${amountToSend(host, view, t.sendAgain)} ${paymentTarget(host, view)}` : nothing}`;
}

/**
 * The time ran out: the address stays in view (a customer who already paid can check it) with the warning not to pay
 * now, and "Start again": a cancelable `coinspaid-restart` for the page to mint a new token, else `url-back` (a link
 * the browser follows) or, without one, the page again.
 */
function expired(host: ModeHost, view: View, words: ModeWords | undefined): TemplateResult {
  const { target, urlBack } = view;
  const restart = (event: Event) => {
    const proceed = host.dispatch(
      new RestartEvent({ orderId: view.settlement?.order_id ?? view.config?.checkout.order_id ?? null, urlBack }),
    );
    if (!proceed) event.preventDefault();
    else if (!urlBack) location.reload();
  };
  return html`${heading(t.expiredHeading)}
    <p part="status" class="status expired">${words?.text ?? t.expiredText}</p>
    ${
      target
        ? html`<div>
            <span class="label" id="address-label">${strings.addressLabel(target.currency.name)}</span>
            <code part="address" aria-labelledby="address-label">${target.address}</code>
          </div>`
        : nothing
    }
    <div class="actions">
      ${
        urlBack
          ? html`<a class="button primary" href=${urlBack} @click=${restart}>${t.startAgain}</a>`
          : html`<button class="primary" @click=${restart}>${t.startAgain}</button>`
      }
    </div>`;
}
