/** The shell's own screens, before any mode's: the currency choice and the error state. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatDecimal, formatMoney } from '../../core/decimal-format.js';
import { isPositiveDecimal } from '../../core/validators.js';
import type { TerminalError } from '../errors.js';
import type { ModeHost } from '../modes/mode.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { amountIn, isolate } from './format.js';
import { priceLine } from './parts.js';

/** `a` > `b` for plain decimal strings, exactly, without a decimal library in the first paint. */
function above(a: string, b: string): boolean {
  const [ai = '', af = ''] = a.replace(/^0+(?=\d)/, '').split('.');
  const [bi = '', bf = ''] = b.replace(/^0+(?=\d)/, '').split('.');
  const n = Math.max(af.length, bf.length);
  return ai.length !== bi.length ? ai.length > bi.length : ai + af.padEnd(n, '0') > bi + bf.padEnd(n, '0');
}

/**
 * The currency choice. A currency whose smallest deposit is worth more than the price (the proxy's `minimum_value`)
 * cannot pay it: offered disabled with the reason, rather than failing once picked. `aria-disabled`, not `disabled`,
 * so that keyboard and screen reader users still reach it and hear why.
 */
export function chooser(host: ModeHost, view: View, choose: (currency: string) => void): TemplateResult {
  const { price } = view;
  return html`<h2 id="heading" tabindex="-1">${strings.chooseHeading}</h2>
    ${priceLine(host, view)}
    <p class="muted">${strings.chooseHint}</p>
    <ul>
      ${view.choices.map((c) => {
        const tooSmall = !!price && !!c.minimum_value && above(c.minimum_value, price.amount);
        return html`<li>
          <button class="choice" aria-disabled=${tooSmall ? 'true' : nothing} @click=${() => tooSmall || choose(c.currency)}>
            <span class="name">${c.name} (${c.currency})</span>
            ${c.network ? html`<span>${c.network}</span>` : nothing}
            <span class="muted"
              >${
                tooSmall
                  ? strings.minimumAbovePrice(c.currency, isolate(formatMoney(c.minimum_value!, price!.currency, host.locale)))
                  : html`${strings.minimum(amountIn(c.min_amount, c.currency, host.locale))}${
                      isPositiveDecimal(c.deposit_fee_percent)
                        ? html` · ${strings.depositFee(formatDecimal(c.deposit_fee_percent, host.locale))}`
                        : nothing
                    }`
              }</span
            >
          </button>
        </li>`;
      })}
    </ul>`;
}

/**
 * An error's text in the current locale: the proxy's errors were made when they happened, possibly before a locale
 * had loaded. Two carry more than their code says (the amounts below the minimum, made on every update; the
 * fixed-rate limit, by the futures mode): their own message.
 */
export function errorText(error: TerminalError): string {
  return error.code === 'amount_below_minimum' || error.code === 'amount_above_limit' ? error.message : strings.errors[error.code];
}

export function errorScreen(host: ModeHost, view: View, retry: () => void): TemplateResult {
  const error = view.error!;
  const canChange = view.canChangeCurrency && (error.code === 'amount_below_minimum' || error.code === 'currency_not_allowed');
  return html`<h2 id="heading" tabindex="-1">${strings.errorHeading}</h2>
    <p part="status" class="error">${errorText(error)}</p>
    ${
      error.retryable || canChange
        ? html`<div class="actions">
            ${error.retryable ? html`<button class="primary" @click=${retry}>${strings.retry}</button>` : nothing}
            ${canChange ? html`<button @click=${host.changeCurrency}>${strings.changeCurrency}</button>` : nothing}
          </div>`
        : nothing
    }`;
}
