/**
 * Which screen the payment's status calls for, in every mode, and the screens every mode shares: the receipt, the
 * remainder to send, and the final states. A mode supplies its open screen and, if it wants, its own words for a
 * final one.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatDecimal, trimDecimal } from '../../core/decimal-format.js';
import type { TerminalStatus } from '../events.js';
import type { FinalStatus, FinalWords, ModeHost, ModeView } from '../modes/mode.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { amountIn } from './format.js';
import { copyButton, paymentTarget } from './parts.js';

/** The screen for a status past loading, choosing and error. */
export function screen(host: ModeHost, view: View, status: TerminalStatus, mode: ModeView): TemplateResult {
  switch (status) {
    case 'confirmed':
      return receipt(host, view);
    case 'underpaid':
      return underpaid(host, view);
    case 'cancelled':
    case 'expired':
    case 'failed':
      return final(view, status, mode.outcome?.(status));
    default:
      return mode.render(view, status);
  }
}

/** Payment received: what arrived (and what was over, late or after the rate window), the transaction, the way back. */
function receipt(host: ModeHost, view: View): TemplateResult {
  const payment = host.follow.latest!;
  const { settlement, urlBack } = view;
  const code = payment.sent?.currency ?? '';
  const received = settlement && settlement.received !== '0' ? settlement.received : payment.sent?.amount;
  return html`<h2 id="heading" tabindex="-1">${strings.paidHeading}</h2>
    <p part="status" class="status confirmed">${strings.paidText}</p>
    ${received ? html`<p>${strings.amountReceived(amountIn(received, code, host.locale))}</p>` : nothing}
    ${settlement?.over ? html`<p class="warn">${strings.overpaid(amountIn(settlement.over, code, host.locale))}</p>` : nothing}
    ${settlement?.afterRateWindow ? html`<p class="muted">${strings.afterRateWindow}</p>` : nothing}
    ${host.follow.afterExpiry ? html`<p class="warn">${strings.paidAfterExpiry}</p>` : nothing}
    ${
      payment.txid
        ? html`<div>
            <span class="label" id="txid-label">${strings.transactionId}</span>
            <div class="row">
              <code aria-labelledby="txid-label">${payment.txid}</code>${copyButton(host, 'txid', payment.txid, strings.copyTxid)}
            </div>
          </div>`
        : nothing
    }
    ${urlBack ? html`<a class="button primary" href=${urlBack}>${strings.backToShop}</a>` : nothing}`;
}

/** Received less than asked: what arrived, what is missing, and the QR and address to send the rest. */
function underpaid(host: ModeHost, view: View): TemplateResult {
  const settlement = view.settlement!;
  const code = view.target!.currency.currency;
  const remaining = settlement.remaining!;
  return html`<h2 id="heading" tabindex="-1">${strings.underpaidHeading}</h2>
    <p part="status" class="status underpaid">
      ${strings.underpaidText(amountIn(settlement.received, code, host.locale), amountIn(settlement.expected!, code, host.locale))}
    </p>
    <div part="amount" class="amount">
      <span class="label">${strings.sendRemaining}</span>
      <div class="row crypto">
        <span class="mono">${formatDecimal(remaining, host.locale)} ${code}</span
        >${copyButton(host, 'amount', trimDecimal(remaining), strings.copyAmount)}
      </div>
    </div>
    ${paymentTarget(host, view)}`;
}

/** A final state: its heading, what it means (the mode's words, or the shared ones), the way back to the shop. */
function final(view: View, status: FinalStatus, words: FinalWords | undefined): TemplateResult {
  const heading = { cancelled: strings.cancelledHeading, expired: strings.expiredHeading, failed: strings.failedHeading }[status];
  const text = words?.text ?? (status === 'cancelled' ? strings.cancelledText : status === 'expired' ? strings.expiredText : '');
  return html`<h2 id="heading" tabindex="-1">${heading}</h2>
    <p part="status" class="status ${status}">${text}</p>
    ${view.urlBack ? html`<a class="button" href=${view.urlBack}>${strings.backToShop}</a>` : nothing}${words?.after ?? nothing}`;
}
