import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators/property.js';
import { state } from 'lit/decorators/state.js';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { DecimalString } from '../core/api-types.js';
import { compareDecimal, cryptoForFiat, formatDecimal, formatMoney, isDecimal, toPrecision, trimDecimal } from '../core/amount.js';
import { walletUri, type WalletUri } from '../core/wallet-uri.js';
import type { AddressGrant, PaymentEvent, RateQuote, TerminalUrlGrant, WidgetConfig, WidgetCurrency } from '../core/wire.js';
import { CountdownController, countdownMark, formatClock } from './controllers/countdown-controller.js';
import { PaymentStatusController } from './controllers/payment-status-controller.js';
import { TerminalError } from './errors.js';
import {
  AddressReadyEvent,
  CopyEvent,
  ExpiredEvent,
  PaidEvent,
  RateUpdatedEvent,
  StatusChangedEvent,
  TerminalErrorEvent,
  type CopyTarget,
  type TerminalStatus,
} from './events.js';
import { ProxyClient } from './proxy-client.js';
import { qrPath, type QrPath } from './qr.js';
import { strings } from './strings.js';
import { styles } from './coinspaid-terminal.styles.js';

/** How the element takes the payment. Later: 'invoice' | 'futures' | 'payout-address'. */
export type TerminalMode = 'address' | 'terminal';
export type TerminalDisplay = 'link' | 'iframe';
export type TerminalTheme = 'auto' | 'light' | 'dark';

const MODES: readonly TerminalMode[] = ['address', 'terminal'];
/** Retry a stale (or clock-skewed) rate after this long rather than at once. */
const STALE_RETRY_MS = 30_000;
const SKEW_RETRY_MS = 10_000;
const COPIED_MS = 2000;

/** Everything render() needs, derived once per update in willUpdate() from properties and task results. */
interface View {
  error: TerminalError | null;
  config: WidgetConfig | null;
  choices: WidgetCurrency[];
  selected: WidgetCurrency | null;
  /** The merchant's price (attributes first, then the token's checkout). */
  price: { amount: DecimalString; currency: string } | null;
  /** Needs a rate: the price is in another currency than the one paid in. */
  rateFrom: string | null;
  rateTo: string | null;
  quote: RateQuote | null;
  cryptoAmount: DecimalString | null;
  minimum: DecimalString | null;
  grant: AddressGrant | null;
  uri: WalletUri | null;
  terminal: TerminalUrlGrant | null;
  urlBack: string | null;
  /** A currency the address may be taken in: chosen, allowed, its amount known and above the minimum. */
  payable: string | null;
}

const EMPTY_VIEW: View = {
  error: null,
  config: null,
  choices: [],
  selected: null,
  price: null,
  rateFrom: null,
  rateTo: null,
  quote: null,
  cryptoAmount: null,
  minimum: null,
  grant: null,
  uri: null,
  terminal: null,
  urlBack: null,
  payable: null,
};

/**
 * A crypto checkout for CoinsPaid: the deposit address with its QR code, the amount at a live rate, and the
 * payment's status as it happens; or a link to CoinsPaid's hosted payment terminal.
 *
 * @summary Crypto checkout: deposit address, QR, live rate and live payment status.
 *
 * @fires coinspaid-address-ready - {AddressReadyEvent} An address is issued and shown.
 * @fires coinspaid-rate-updated - {RateUpdatedEvent} A new rate arrived; the amount and QR follow it.
 * @fires coinspaid-status-changed - {StatusChangedEvent} `status` changed.
 * @fires coinspaid-paid - {PaidEvent} The payment is confirmed (final, once).
 * @fires coinspaid-expired - {ExpiredEvent} The checkout's time ran out before a payment was seen.
 * @fires coinspaid-error - {TerminalErrorEvent} An error state is shown; `detail.code` is stable.
 * @fires coinspaid-copy - {CopyEvent} The customer copied the address, amount, tag, link or transaction id.
 *
 * @csspart base - The card around everything.
 * @csspart qr - The QR code button (activating it copies the payment link).
 * @csspart address - The deposit address text.
 * @csspart amount - The price and amount block.
 * @csspart timer - The rate countdown and time left to pay.
 * @csspart status - The payment status line.
 * @csspart copy-button - Every copy button.
 *
 * @cssprop [--coinspaid-color-bg=#ffffff] - Background (dark: #15171c).
 * @cssprop [--coinspaid-color-text=#1a1d23] - Text (dark: #eef0f3).
 * @cssprop [--coinspaid-color-muted=#555c69] - Secondary text (dark: #aab1bd).
 * @cssprop [--coinspaid-color-border=#d5d9e0] - Borders (dark: #3a3f4a).
 * @cssprop [--coinspaid-color-accent=#1f5fd1] - Primary buttons, links, progress (dark: #8ab6ff).
 * @cssprop [--coinspaid-color-accent-text=#ffffff] - Text on the accent (dark: #0b1530).
 * @cssprop [--coinspaid-color-success=#1b7432] - Confirmed (dark: #79d893).
 * @cssprop [--coinspaid-color-danger=#b3261e] - Errors, cancelled (dark: #ff9b92).
 * @cssprop [--coinspaid-color-warning-bg=#fff4d6] - Tag and network warnings (dark: #3b2f0c).
 * @cssprop [--coinspaid-color-warning-text=#4d3300] - Text of warnings (dark: #ffe2a0).
 * @cssprop [--coinspaid-color-focus=#1f5fd1] - Focus ring (dark: #8ab6ff).
 * @cssprop [--coinspaid-radius=12px] - Corner radius.
 * @cssprop [--coinspaid-spacing=16px] - Padding and gaps.
 * @cssprop [--coinspaid-font=system-ui] - Font family.
 * @cssprop [--coinspaid-font-mono=ui-monospace] - Font of addresses, amounts and tags.
 * @cssprop [--coinspaid-qr-size=220px] - QR width (never below 160px).
 */
export class CoinsPaidTerminal extends LitElement {
  static override styles = styles;

  /** The proxy's base URL, e.g. `https://shop.example/coinspaid`. */
  @property() proxy = '';
  /** The checkout token minted by the merchant's backend. */
  @property() token = '';
  /** `address` (default): a deposit address; `terminal`: a link to CoinsPaid's hosted terminal. */
  @property() mode: TerminalMode = 'address';
  /** The currency to pay in; unset: the customer chooses (or the only one allowed is used). */
  @property() currency: string | undefined;
  /** Allowed currencies, comma or space separated; narrows the token's list. */
  @property() currencies: string | undefined;
  /** Currency the payment is converted to on arrival (must match the token's, when it has one). */
  @property({ attribute: 'convert-to' }) convertTo: string | undefined;
  /** The price, a decimal string (e.g. `106.75`), with `amount-currency`; defaults to the token's. */
  @property() amount: string | undefined;
  /** Currency of `amount`, e.g. `EUR`. */
  @property({ attribute: 'amount-currency' }) amountCurrency: string | undefined;
  /** Where the customer returns to (must match the token's, when it has one). */
  @property({ attribute: 'url-back' }) urlBack: string | undefined;
  /** Terminal mode: a `link` (default) or an embedded `iframe`. */
  @property({ attribute: 'terminal-display' }) terminalDisplay: TerminalDisplay = 'link';
  /** `auto` (default, follows prefers-color-scheme), `light` or `dark`. */
  @property() theme: TerminalTheme = 'auto';
  /** Read-only: the element's state, reflected for styling (`[status="confirmed"]`). */
  @property({ reflect: true }) status: TerminalStatus = 'loading';

  @state() private chosen: string | null = null;
  @state() private payment: PaymentEvent | null = null;
  @state() private expired = false;
  @state() private rateRound = 0;
  @state() private copied: CopyTarget | null = null;

  private view: View = EMPTY_VIEW;
  private client: ProxyClient | null = null;
  private locale: string | undefined;
  private qr: { text: string; path: QrPath } | null = null;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private lastExpirySeconds = Number.POSITIVE_INFINITY;
  private focusHeading = false;
  private reported: { address?: AddressGrant; quote?: RateQuote; error?: TerminalError | null; paid?: boolean; expired?: boolean } = {};
  private liveToggle = false;

  private rateCountdown = new CountdownController(this, { onEnd: () => this.rateRound++ });
  private expiry = new CountdownController(this, {
    onTick: (seconds) => this.announceTimeLeft(seconds),
    onEnd: () => (this.expired = true),
  });
  private follow = new PaymentStatusController(this, { onEvent: (event) => (this.payment = event) });

  private configTask = new Task(this, {
    task: ([client], { signal }) => (client ? client.config(signal) : initialState),
    args: () => [this.client] as const,
    onComplete: (config) => {
      const deadline = config.checkout.expires_at * 1000;
      this.lastExpirySeconds = Math.ceil((deadline - Date.now()) / 1000);
      this.expiry.start(deadline);
    },
  });

  private rateTask = new Task(this, {
    task: ([client, from, to], { signal }) => (client && from && to ? client.rate(from, to, signal) : initialState),
    args: () => [this.client, this.view.rateFrom, this.view.rateTo, this.rateRound] as const,
    onComplete: (quote) => this.startRateCountdown(quote),
  });

  private addressTask = new Task(this, {
    task: ([client, currency, convertTo], { signal }) =>
      client && currency ? client.address({ currency, ...(convertTo ? { convert_to: convertTo } : {}) }, signal) : initialState,
    args: () => [this.client, this.mode === 'address' ? this.view.payable : null, this.convertTo] as const,
    onComplete: (grant) => {
      this.payment = null;
      this.follow.follow(this.client!, grant.follow);
    },
  });

  private terminalTask = new Task(this, {
    task: ([client, currency, amount, convertTo, iframe, urlBack], { signal }) =>
      client && currency
        ? client.terminalUrl(
            { currency, ...(amount ? { amount } : {}), ...(convertTo ? { convert_to: convertTo } : {}), is_iframe: iframe, ...(urlBack ? { url_back: urlBack } : {}) },
            signal,
          )
        : initialState,
    args: () =>
      [
        this.client,
        this.mode === 'terminal' ? this.view.payable : null,
        // The hosted terminal takes an amount in the currency paid; a fiat price is left to the terminal.
        this.view.price && this.view.price.currency === this.view.selected?.currency ? this.view.cryptoAmount : null,
        this.convertTo,
        this.terminalDisplay === 'iframe',
        this.urlBack,
      ] as const,
  });

  static override get observedAttributes(): string[] {
    // `lang` keeps its native meaning; observing it re-formats numbers when the page's language changes.
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
    this.copied = null;
  }

  // ── deriving state (before render; tasks read #view for their arguments right after) ─────────────────
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('proxy') || changed.has('token') || !this.client) {
      this.client = this.proxy && this.token ? new ProxyClient(this.proxy, this.token) : null;
    }
    if (changed.has('currency') || changed.has('currencies')) this.chosen = null;
    this.locale = (this.closest('[lang]') as HTMLElement | null)?.lang || undefined;
    this.view = this.derive();
    this.status = this.deriveStatus(this.view);
  }

  private derive(): View {
    const v: View = { ...EMPTY_VIEW };
    if (!this.proxy || !MODES.includes(this.mode)) return { ...v, error: new TerminalError('misconfigured', strings.errors.misconfigured) };
    if (!this.token) return { ...v, error: new TerminalError('token_missing', strings.errors.token_missing) };
    const config = (v.config = this.configTask.value ?? null);
    if (this.configTask.status === TaskStatus.ERROR) return { ...v, error: asTerminalError(this.configTask.error) };
    if (!config) return v;
    const { checkout } = config;
    v.urlBack = [this.urlBack, checkout.url_back].find((url): url is string => !!url && isHttpUrl(url)) ?? null;

    const narrowed = this.currencies?.split(/[\s,]+/).filter(Boolean);
    v.choices = config.currencies.filter(
      (c) => c.type === 'crypto' && (!checkout.currencies || checkout.currencies.includes(c.currency)) && (!narrowed || narrowed.includes(c.currency)),
    );
    const wanted = this.currency ?? this.chosen ?? (v.choices.length === 1 ? v.choices[0]!.currency : null);
    if (v.choices.length === 0 || (wanted && !v.choices.some((c) => c.currency === wanted))) {
      return { ...v, error: new TerminalError('currency_not_allowed', strings.errors.currency_not_allowed) };
    }
    const selected = (v.selected = v.choices.find((c) => c.currency === wanted) ?? null);

    const amount = this.amount ?? checkout.amount;
    const amountCurrency = this.amountCurrency ?? checkout.amount_currency;
    if (amount != null && amountCurrency) {
      if (!isDecimal(amount)) return { ...v, error: new TerminalError('misconfigured', strings.errors.misconfigured) };
      v.price = { amount, currency: amountCurrency };
    }
    if (!selected) return v;

    const convertTo = this.convertTo ?? checkout.convert_to;
    const pair = convertTo ? config.pairs.find((p) => p.from === selected.currency && p.to === convertTo) : undefined;
    v.minimum = pair?.min_amount_deposit_with_exchange ?? selected.min_amount;

    if (v.price && v.price.currency !== selected.currency) {
      v.rateFrom = selected.currency;
      v.rateTo = v.price.currency;
      const quote = this.rateTask.value;
      if (quote && quote.from === selected.currency && quote.to === v.price.currency) {
        v.quote = quote;
        v.cryptoAmount = cryptoForFiat(v.price.amount, quote.price, selected.precision);
      } else if (this.rateTask.status === TaskStatus.ERROR) {
        return { ...v, error: asTerminalError(this.rateTask.error) };
      } else {
        return v; // waiting for the first rate
      }
    } else if (v.price) {
      v.cryptoAmount = toPrecision(v.price.amount, selected.precision, 'up');
    }
    if (v.cryptoAmount && v.minimum && compareDecimal(v.cryptoAmount, v.minimum) < 0) {
      const detail = strings.belowMinimumDetail(`${trimDecimal(v.cryptoAmount)} ${selected.currency}`, `${trimDecimal(v.minimum)} ${selected.currency}`);
      return { ...v, error: new TerminalError('amount_below_minimum', `${strings.errors.amount_below_minimum} ${detail}`, { amount: detail }) };
    }
    v.payable = selected.currency;

    const task = this.mode === 'terminal' ? this.terminalTask : this.addressTask;
    if (task.status === TaskStatus.ERROR) return { ...v, error: asTerminalError(task.error) };
    if (this.mode === 'terminal') {
      const grant = this.terminalTask.value;
      if (grant && !isHttpUrl(grant.url)) return { ...v, error: new TerminalError('unsafe_url', strings.errors.unsafe_url) };
      v.terminal = grant ?? null;
      return v;
    }
    const grant = (v.grant = this.addressTask.value?.address.currency === selected.currency ? this.addressTask.value : null);
    if (grant) v.uri = walletUri({ currency: selected.currency, address: grant.address.address, amount: v.cryptoAmount, tag: grant.address.tag });
    return v;
  }

  private deriveStatus(v: View): TerminalStatus {
    if (v.error) return 'error';
    const paymentStatus = this.payment ? statusOf(this.payment) : 'waiting';
    if (paymentStatus !== 'waiting') return paymentStatus;
    if (this.expired) return 'expired';
    if (!v.config) return 'loading';
    if (!v.selected) return 'choosing';
    if (this.mode === 'terminal') return v.terminal ? 'ready' : 'loading';
    return v.grant && (v.cryptoAmount || !v.price) ? 'waiting' : 'loading';
  }

  // ── reporting (events, announcements, focus) after the DOM is up to date ─────────────────────────────
  protected override updated(changed: PropertyValues<this>): void {
    const v = this.view;
    const previous = changed.get('status') as TerminalStatus | undefined;
    if (previous !== undefined && previous !== this.status) this.statusChanged(previous);

    if (v.grant && v.grant !== this.reported.address && v.uri) {
      this.reported.address = v.grant;
      this.dispatchEvent(new AddressReadyEvent({ address: v.grant.address, uri: v.uri.uri, amount: v.cryptoAmount }));
    }
    if (v.quote && v.quote !== this.reported.quote && v.cryptoAmount && v.selected) {
      this.reported.quote = v.quote;
      this.dispatchEvent(new RateUpdatedEvent({ quote: v.quote, amount: v.cryptoAmount, currency: v.selected.currency }));
    }
    if (v.error?.code !== this.reported.error?.code || v.error?.message !== this.reported.error?.message) {
      this.reported.error = v.error;
      if (v.error) {
        this.dispatchEvent(new TerminalErrorEvent({ code: v.error.code, message: v.error.message, errors: v.error.errors, retryable: v.error.retryable }));
      }
    }
    this.moveFocus();
  }

  /** Focus goes to the new view's heading when asked (a loading view has none yet: wait for the next one). */
  private moveFocus(): void {
    const heading = this.focusHeading && this.renderRoot.querySelector<HTMLElement>('#heading');
    if (!heading) return;
    this.focusHeading = false;
    heading.focus();
  }

  private statusChanged(previous: TerminalStatus): void {
    const status = this.status;
    this.dispatchEvent(new StatusChangedEvent({ status, previous, payment: this.payment }));
    const announcement: Partial<Record<TerminalStatus, string>> = {
      waiting: strings.waiting,
      not_confirmed: `${strings.seen}${this.payment?.confirmations ? ` ${strings.confirmations(this.payment.confirmations)}` : ''}`,
      confirmed: strings.paidHeading,
      cancelled: strings.cancelledHeading,
      expired: strings.expiredHeading,
      error: this.view.error?.message ?? '',
    };
    if (announcement[status]) this.announce(announcement[status]!);
    if (status === 'confirmed' || status === 'cancelled' || status === 'expired' || status === 'error') {
      this.focusHeading = this.focusHeading || status !== 'error' || this.matches(':focus-within');
    }
    if (status === 'confirmed' && !this.reported.paid && this.payment) {
      this.reported.paid = true;
      this.follow.stop();
      this.rateCountdown.stop();
      this.expiry.stop();
      this.dispatchEvent(new PaidEvent({ payment: this.payment }));
    }
    if (status === 'expired' && !this.reported.expired) {
      this.reported.expired = true;
      this.rateCountdown.stop();
      this.dispatchEvent(new ExpiredEvent({ expiredAt: this.view.config?.checkout.expires_at ?? Math.floor(Date.now() / 1000) }));
    }
  }

  /** Writes the polite live region (not a template binding: announcing must not re-render). */
  private announce(text: string): void {
    const live = this.renderRoot.querySelector('#live');
    if (!live) return;
    // A trailing no-break space toggles so that the same words twice (two copies) are announced twice.
    this.liveToggle = !this.liveToggle;
    live.textContent = this.liveToggle ? text : `${text}\u00a0`;
  }

  private announceTimeLeft(seconds: number): void {
    const mark = countdownMark(this.lastExpirySeconds, seconds);
    this.lastExpirySeconds = seconds;
    if (mark === null || this.status !== 'waiting') return;
    this.announce(mark >= 60 ? strings.minutesLeft(Math.round(mark / 60)) : strings.secondsLeft(mark));
  }

  private startRateCountdown(quote: RateQuote): void {
    const now = Date.now();
    let deadline = quote.ts_release * 1000;
    // A stale rate is retried later, not in a loop; a deadline already past (a clock behind or ahead of the
    // proxy's) is retried shortly; never wait longer than one fix period.
    if (quote.stale) deadline = now + STALE_RETRY_MS;
    else if (deadline <= now) deadline = now + SKEW_RETRY_MS;
    const period = Math.max(quote.fix_period, 1) * 1000;
    deadline = Math.min(deadline, now + Math.max(period, STALE_RETRY_MS));
    this.rateCountdown.start(deadline, quote.stale ? STALE_RETRY_MS : period);
  }

  // ── actions ───────────────────────────────────────────────────────────────────────────────────────────
  private choose(currency: string): void {
    this.chosen = currency;
    this.focusHeading = true;
  }

  private changeCurrency = (): void => {
    this.chosen = null;
    this.payment = null;
    this.follow.stop();
    this.rateCountdown.stop();
    this.focusHeading = true;
  };

  private retry = (): void => {
    this.focusHeading = true;
    for (const task of [this.configTask, this.rateTask, this.addressTask, this.terminalTask]) {
      if (task.status === TaskStatus.ERROR) void task.run();
    }
  };

  private async copy(what: CopyTarget, value: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      this.announce(strings.copyFailed);
      return;
    }
    this.copied = what;
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copied = null), COPIED_MS);
    this.announce(strings.copiedAnnouncement[what]);
    this.dispatchEvent(new CopyEvent({ what, value }));
  }

  // ── rendering (pure: reads #view and state) ──────────────────────────────────────────────────────────
  override render(): TemplateResult {
    return html`<div part="base" class="base ${this.theme}">
      <div id="live" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
      ${this.renderView()}
    </div>`;
  }

  /** The view for the current status and mode. */
  protected renderView(): TemplateResult {
    switch (this.status) {
      case 'error':
        return this.renderError(this.view.error!);
      case 'loading':
        return this.renderLoading();
      case 'choosing':
        return this.renderChooser();
      case 'confirmed':
        return this.renderPaid();
      case 'cancelled':
        return this.renderFinal(strings.cancelledHeading, strings.cancelledText, 'cancelled');
      case 'expired':
        return this.renderFinal(strings.expiredHeading, strings.expiredText, 'expired');
      default:
        return this.mode === 'terminal' ? this.renderTerminal() : this.renderAddressView();
    }
  }

  protected renderLoading(): TemplateResult {
    return html`<p part="status" class="status"><span class="spinner" aria-hidden="true"></span>${strings.loading}</p>`;
  }

  protected renderError(error: TerminalError): TemplateResult {
    const canChange = !this.currency && this.view.choices.length > 1 && (error.code === 'amount_below_minimum' || error.code === 'currency_not_allowed');
    return html`<h2 id="heading" tabindex="-1">${strings.errorHeading}</h2>
      <p part="status" class="error">${error.message}</p>
      ${error.retryable || canChange
        ? html`<div class="actions">
            ${error.retryable ? html`<button class="primary" @click=${this.retry}>${strings.retry}</button>` : nothing}
            ${canChange ? html`<button @click=${this.changeCurrency}>${strings.changeCurrency}</button>` : nothing}
          </div>`
        : nothing}`;
  }

  protected renderChooser(): TemplateResult {
    return html`<h2 id="heading" tabindex="-1">${strings.chooseHeading}</h2>
      ${this.renderPrice()}
      <p class="muted">${strings.chooseHint}</p>
      <ul>
        ${this.view.choices.map(
          (c) => html`<li>
            <button class="choice" @click=${() => this.choose(c.currency)}>
              <span class="name">${c.name} (${c.currency})</span>
              ${c.network ? html`<span>${c.network}</span>` : nothing}
              <span class="muted"
                >${strings.minimum(`${this.number(c.min_amount)} ${c.currency}`)}${compareDecimal(c.deposit_fee_percent, '0') > 0
                  ? html` · ${strings.depositFee(this.number(c.deposit_fee_percent))}`
                  : nothing}</span
              >
            </button>
          </li>`,
        )}
      </ul>`;
  }

  protected renderPrice(): TemplateResult | typeof nothing {
    const { price, selected } = this.view;
    if (!price || price.currency === selected?.currency) return nothing;
    return html`<p class="fiat">${formatMoney(price.amount, price.currency, this.locale)}</p>`;
  }

  protected renderAddressView(): TemplateResult {
    const { selected, grant, choices } = this.view;
    const currency = selected!;
    const { address, tag } = grant!.address;
    return html`<h2 id="heading" tabindex="-1">${strings.payWith(currency.name)}</h2>
      ${this.renderAmount()} ${this.renderQr()}
      <div>
        <span class="label" id="address-label">${strings.addressLabel(currency.name)}</span>
        <div class="row">
          <code part="address" aria-labelledby="address-label">${address}</code>${this.renderCopy('address', address, strings.copyAddress)}
        </div>
      </div>
      ${tag
        ? html`<div class="warn">
            <span class="label" id="tag-label">${strings.tagLabel}</span>
            <div class="row"><code aria-labelledby="tag-label">${tag}</code>${this.renderCopy('tag', tag, strings.copyTag)}</div>
            <p>${strings.tagWarning}</p>
          </div>`
        : nothing}
      ${currency.network && currency.network !== currency.name
        ? html`<p class="warn">${strings.networkWarning(currency.currency, currency.network)}</p>`
        : nothing}
      ${this.renderTimer()} ${this.renderStatus()}
      ${!this.currency && choices.length > 1 && this.status === 'waiting'
        ? html`<button @click=${this.changeCurrency}>${strings.changeCurrency}</button>`
        : nothing}`;
  }

  protected renderAmount(): TemplateResult {
    const { selected, cryptoAmount, minimum, quote, price } = this.view;
    const code = selected!.currency;
    return html`<div part="amount" class="amount">
      <span class="label">${strings.toPay}</span>
      ${this.renderPrice()}
      ${cryptoAmount
        ? html`<div class="row crypto">
            <span class="mono">${this.number(cryptoAmount)} ${code}</span>${this.renderCopy('amount', trimDecimal(cryptoAmount), strings.copyAmount)}
          </div>`
        : minimum
          ? html`<p>${strings.sendAtLeast(`${this.number(minimum)} ${code}`)}</p>`
          : nothing}
      ${quote && price
        ? html`<p class="muted">${strings.rateLine(`1 ${code} = ${formatMoney(quote.price, price.currency, this.locale)}`)}</p>`
        : nothing}
    </div>`;
  }

  protected renderQr(): TemplateResult {
    const { uri, selected } = this.view;
    const { size, d } = this.qrPath(uri!.qr);
    return html`<button part="qr" class="qr" aria-label=${strings.qrLabel(selected!.name)} @click=${() => this.copy('uri', uri!.uri)}>
        <svg viewBox="0 0 ${size} ${size}" role="img" aria-hidden="true">
          <rect width=${size} height=${size} fill="#fff"></rect>
          <path d=${d} fill="#000"></path>
        </svg>
      </button>
      ${uri!.openable ? html`<div class="actions"><a class="button primary" href=${uri!.uri}>${strings.openInWallet}</a></div>` : nothing}`;
  }

  protected renderTimer(): TemplateResult | typeof nothing {
    const { quote } = this.view;
    const expirySeconds = this.expiry.seconds;
    // The time left to pay is shown once it matters (the last 15 minutes); the rate window always.
    const showExpiry = this.expiry.running && expirySeconds <= 15 * 60;
    if (!quote && !showExpiry) return nothing;
    const refreshing = this.rateTask.status === TaskStatus.PENDING;
    return html`<div part="timer" class="timer">
      ${quote
        ? html`<p class="muted">${refreshing ? strings.rateRefreshing : strings.rateFixed(formatClock(this.rateCountdown.seconds))}</p>
            <progress max="1000" value=${Math.round(this.rateCountdown.fraction * 1000)} aria-hidden="true"></progress>
            ${quote.stale ? html`<p class="muted">${strings.rateStale}</p>` : nothing}`
        : nothing}
      ${showExpiry ? html`<p class="muted">${strings.timeLeft(formatClock(expirySeconds))}</p>` : nothing}
    </div>`;
  }

  protected renderStatus(): TemplateResult {
    const payment = this.payment;
    if (this.status === 'not_confirmed') {
      return html`<p part="status" class="status not_confirmed">
        <span class="spinner" aria-hidden="true"></span>${strings.seen}${payment?.confirmations ? ` ${strings.confirmations(payment.confirmations)}` : ''}
      </p>`;
    }
    return html`<p part="status" class="status waiting"><span class="spinner" aria-hidden="true"></span>${strings.waiting}</p>`;
  }

  protected renderPaid(): TemplateResult {
    const payment = this.payment!;
    return html`<h2 id="heading" tabindex="-1">${strings.paidHeading}</h2>
      <p part="status" class="status confirmed">${strings.paidText}</p>
      ${payment.sent ? html`<p>${strings.amountReceived(`${this.number(payment.sent.amount)} ${payment.sent.currency}`)}</p>` : nothing}
      ${payment.txid
        ? html`<div>
            <span class="label" id="txid-label">${strings.transactionId}</span>
            <div class="row"><code aria-labelledby="txid-label">${payment.txid}</code>${this.renderCopy('txid', payment.txid, strings.copyTxid)}</div>
          </div>`
        : nothing}
      ${this.view.urlBack ? html`<a class="button primary" href=${this.view.urlBack}>${strings.backToShop}</a>` : nothing}`;
  }

  protected renderFinal(heading: string, text: string, status: TerminalStatus): TemplateResult {
    return html`<h2 id="heading" tabindex="-1">${heading}</h2>
      <p part="status" class="status ${status}">${text}</p>
      ${this.view.urlBack ? html`<a class="button" href=${this.view.urlBack}>${strings.backToShop}</a>` : nothing}`;
  }

  protected renderTerminal(): TemplateResult {
    const url = this.view.terminal!.url;
    return this.terminalDisplay === 'iframe'
      ? html`<iframe src=${url} title=${strings.terminalFrame} allow="clipboard-write"></iframe>`
      : html`<div class="actions"><a class="button primary" href=${url} rel="noopener">${strings.terminalLink}</a></div>`;
  }

  protected renderCopy(what: CopyTarget, value: string, label: string): TemplateResult {
    // Visible "Copy"/"Copied" plus hidden context: the accessible name starts with the visible words.
    const [verb, ...rest] = label.split(' ');
    return html`<button part="copy-button" class="copy" @click=${() => this.copy(what, value)}>
      ${this.copied === what ? strings.copied : verb}<span class="sr-only"> ${rest.join(' ')}</span>
    </button>`;
  }

  private number(value: DecimalString): string {
    return formatDecimal(value, this.locale);
  }

  private qrPath(text: string): QrPath {
    // Memoized: render runs every second while a countdown ticks; the symbol changes only with the URI.
    if (this.qr?.text !== text) this.qr = { text, path: qrPath(text) };
    return this.qr.path;
  }
}

function statusOf(event: PaymentEvent): TerminalStatus {
  switch (event.status) {
    case 'confirmed':
      return 'confirmed';
    case 'cancelled':
    case 'failed':
      return 'cancelled';
    case 'waiting':
    case 'created':
      return 'waiting';
    default:
      return 'not_confirmed';
  }
}

/** Only https: and http: URLs are rendered as links or frames (never javascript:, data:, …). */
function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && URL.canParse(value);
}

function asTerminalError(error: unknown): TerminalError {
  return error instanceof TerminalError ? error : new TerminalError('unexpected_response', strings.errors.unexpected_response);
}
