import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import { updateWhenLocaleChanges } from '@lit/localize/internal/localized-controller.js';
import type { DecimalString } from '../core/api-types.js';
import { formatDecimal, formatMoney, isDecimal, trimDecimal } from '../core/decimal-format.js';
import { isHttpUrl, isPositiveDecimal } from '../core/validators.js';
import type { AddressGrant, FollowHandle, PaymentEvent, RateQuote, WidgetCurrency } from '../core/wire.js';
import { CountdownController, countdownMark, formatClock } from './controllers/countdown-controller.js';
import { PaymentStatusController } from './controllers/payment-status-controller.js';
import { asTerminalError, TerminalError } from './errors.js';
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
import type { CreateModeView, ModeHost, ModeView } from './modes/mode.js';
import type { QrPath } from './qr.js';
import type { Settlement } from './settlement.js';
import { activeLocale, isRtl, langOf, matchLocale, requestLocale, type Locale } from './localization.js';
import { strings } from './strings.js';
import { styles } from './coinspaid-terminal.styles.js';
import { EMPTY_VIEW, type View } from './view.js';

/** How the element takes the payment. */
export type TerminalMode = 'address' | 'terminal' | 'invoice' | 'futures' | 'payout-address';
export type TerminalDisplay = 'link' | 'iframe';
export type TerminalTheme = 'auto' | 'light' | 'dark';

/** Modes that load on first use (src/element/modes/): the address checkout's bundle does not carry them. */
const LAZY_MODES: Partial<Record<TerminalMode, () => Promise<CreateModeView>>> = {
  invoice: () => import('./modes/invoice.js').then((m) => m.invoiceMode),
  futures: () => import('./modes/futures.js').then((m) => m.futuresMode),
  'payout-address': () => import('./modes/payout-address.js').then((m) => m.payoutAddressMode),
};
const MODES: readonly TerminalMode[] = ['address', 'terminal', 'invoice', 'futures', 'payout-address'];
/** Retry a stale (or clock-skewed) rate after this long rather than at once. */
const STALE_RETRY_MS = 30_000;
const SKEW_RETRY_MS = 10_000;
const COPIED_MS = 2000;

/**
 * A crypto checkout for CoinsPaid: the deposit address with its QR code, the amount at a live rate, and the
 * payment's status as it happens; or a link to CoinsPaid's hosted payment terminal.
 *
 * @summary Crypto checkout: deposit address, QR, live rate and live payment status.
 *
 * @attr {string} lang - Language of numbers, amounts and times; else the nearest `[lang]` ancestor's.
 *
 * @fires {AddressReadyEvent} coinspaid-address-ready - An address is issued and shown.
 * @fires {InvoiceReadyEvent} coinspaid-invoice-ready - Invoice mode: the token's invoice is shown.
 * @fires {RateUpdatedEvent} coinspaid-rate-updated - A new rate arrived; the amount and QR follow it.
 * @fires {StatusChangedEvent} coinspaid-status-changed - `status` changed.
 * @fires {PaidEvent} coinspaid-paid - The payment is confirmed (final, once).
 * @fires {ExpiredEvent} coinspaid-expired - The checkout's time ran out before a payment was seen.
 * @fires {TerminalErrorEvent} coinspaid-error - An error state is shown; `detail.code` is stable.
 * @fires {CopyEvent} coinspaid-copy - The customer copied the address, amount, tag, link or transaction id.
 * @fires {RedirectEvent} coinspaid-redirect - Invoice mode with `redirect`: about to leave for the result page; cancelable.
 * @fires {PayoutAddressEvent} coinspaid-payout-address - Payout-address mode: a checked address was submitted.
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
export class CoinsPaidTerminal extends LitElement implements ModeHost {
  // Declared statically rather than with decorators: the decorator helpers would cost bytes in every page's bundle.
  static override properties = {
    proxy: {},
    token: {},
    mode: {},
    currency: {},
    currencies: {},
    convertTo: { attribute: 'convert-to' },
    amount: {},
    amountCurrency: { attribute: 'amount-currency' },
    urlBack: { attribute: 'url-back' },
    terminalDisplay: { attribute: 'terminal-display' },
    theme: {},
    redirect: { type: Boolean },
    status: { reflect: true },
    chosen: { state: true },
    payment: { state: true },
    payments: { state: true },
    expired: { state: true },
    rateRound: { state: true },
    copied: { state: true },
  };

  static override styles = styles;

  /** The proxy's base URL, e.g. `https://shop.example/coinspaid`. */
  proxy = '';
  /** The checkout token minted by the merchant's backend. */
  token = '';
  /**
   * `address` (default): a deposit address; `terminal`: a link to CoinsPaid's hosted terminal; `invoice`: the token's
   * invoice with its fixed rate; `futures`: a rate fixed for an amount on an exchange address; `payout-address`:
   * collects and checks the address the customer wants withdrawals sent to.
   */
  mode: TerminalMode = 'address';
  /** The currency to pay in; unset: the customer chooses (or the only one allowed is used). */
  currency: string | undefined;
  /** Allowed currencies, comma or space separated; narrows the token's list. */
  currencies: string | undefined;
  /** Currency the payment is converted to on arrival (must match the token's, when it has one). */
  convertTo: string | undefined;
  /** The price, a decimal string (e.g. `106.75`), with `amount-currency`; defaults to the token's. */
  amount: string | undefined;
  /** Currency of `amount`, e.g. `EUR`. */
  amountCurrency: string | undefined;
  /** Where the customer returns to (must match the token's, when it has one). */
  urlBack: string | undefined;
  /** Terminal mode: a `link` (default) or an embedded `iframe`. */
  terminalDisplay: TerminalDisplay = 'link';
  /** `auto` (default, follows prefers-color-scheme), `light` or `dark`. */
  theme: TerminalTheme = 'auto';
  /** Invoice mode: go to the invoice's url_success / url_failed when it ends (off: the page decides, on the events). */
  redirect = false;
  /** Read-only: the element's state, reflected for styling (`[status="confirmed"]`). */
  status: TerminalStatus = 'loading';

  private chosen: string | null = null;
  /** @internal The latest event of the payment followed (for a mode). */
  payment: PaymentEvent | null = null;
  /** The latest event of each payment to the address: customers may pay in parts. */
  private payments: ReadonlyMap<number, PaymentEvent> = new Map();
  private expired = false;
  private rateRound = 0;
  private copied: CopyTarget | null = null;

  private view: View = EMPTY_VIEW;
  /** @internal */
  client: ProxyClient | null = null;
  /** The crypto amounts shown in the previous and the current rate window, oldest first. */
  private asked: DecimalString[] = [];
  /** `asked` when the first payment was seen: what that payment is judged against. */
  private askedWhenSeen: DecimalString[] | null = null;
  private seenAfterExpiry = false;
  private modeView: ModeView | null = null;
  /** @internal The element's language (its own `lang`, an ancestor's or the page's), for Intl. */
  locale: string | undefined;
  /** The locale this element last asked @lit/localize for (asking again only when it changes avoids a tug of war). */
  private askedLocale: Locale | null = null;
  private qr: { text: string; path: QrPath } | null = null;

  /**
   * Decimal arithmetic, wallet URIs, the settlement and the QR encoder load right after the first paint, in parallel
   * with the requests for a rate and an address: the loading and currency views need none of it.
   */
  private kitTask = new Task(this, { task: () => import('./payment-kit.js'), args: () => [] as const });
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private lastExpirySeconds = Number.POSITIVE_INFINITY;
  private focusHeading = false;
  private reported: { address?: AddressGrant; quote?: RateQuote; error?: TerminalError | null; paid?: boolean; expired?: boolean } = {};
  private liveToggle = false;

  private rateCountdown = new CountdownController(this, { onEnd: () => this.rateRound++ });
  /** @internal The time the customer has to pay. */
  readonly expiry = new CountdownController(this, {
    onTick: (seconds) => this.announceTimeLeft(seconds),
    onEnd: () => (this.expired = true),
  });
  private follow = new PaymentStatusController(this, { onEvent: (event) => this.paymentSeen(event) });

  /** Loads the code of a lazy mode the first time it is used. */
  private modeTask = new Task(this, {
    task: async ([mode]) => {
      const load = LAZY_MODES[mode];
      return load ? (await load())(this) : null;
    },
    args: () => [this.mode] as const,
    onComplete: (view) => (this.modeView = view),
  });

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
    onComplete: (grant) => this.followPayment(grant.follow),
  });

  private terminalTask = new Task(this, {
    task: ([client, currency, amount, convertTo, iframe, urlBack], { signal }) =>
      client && currency
        ? client.terminalUrl(
            {
              currency,
              ...(amount ? { amount } : {}),
              ...(convertTo ? { convert_to: convertTo } : {}),
              is_iframe: iframe,
              ...(urlBack ? { url_back: urlBack } : {}),
            },
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

  constructor() {
    super();
    // Strings come from msg() at render time: render again when a requested locale has loaded.
    updateWhenLocaleChanges(this);
  }

  static override get observedAttributes(): string[] {
    // `lang` keeps its native meaning; observing it changes the strings and re-formats numbers.
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
    this.locale = langOf(this);
    const wanted = matchLocale(this.locale);
    if (wanted !== this.askedLocale) requestLocale((this.askedLocale = wanted));
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
      (c) =>
        c.type === 'crypto' &&
        (!checkout.currencies || checkout.currencies.includes(c.currency)) &&
        (!narrowed || narrowed.includes(c.currency)),
    );
    const fixed = this.currency ?? (this.mode === 'invoice' ? checkout.invoice?.sender_currency : null);
    const wanted = fixed ?? this.chosen ?? (v.choices.length === 1 ? v.choices[0]!.currency : null);
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
    if (LAZY_MODES[this.mode]) {
      if (this.modeTask.status === TaskStatus.ERROR)
        return { ...v, error: new TerminalError('proxy_unreachable', strings.errors.proxy_unreachable) };
      const mode = this.modeView;
      return mode && (selected || !mode.needsCurrency) ? mode.derive(v) : v;
    }
    if (!selected) return v;
    const kit = this.kitTask.value;
    if (this.kitTask.status === TaskStatus.ERROR)
      return { ...v, error: new TerminalError('proxy_unreachable', strings.errors.proxy_unreachable) };
    if (!kit) return v;

    const convertTo = this.convertTo ?? checkout.convert_to;
    const pair = convertTo ? config.pairs.find((p) => p.from === selected.currency && p.to === convertTo) : undefined;
    v.minimum = pair?.min_amount_deposit_with_exchange ?? selected.min_amount;

    if (v.price && v.price.currency !== selected.currency) {
      v.rateFrom = selected.currency;
      v.rateTo = v.price.currency;
      const quote = this.rateTask.value;
      if (quote && quote.from === selected.currency && quote.to === v.price.currency) {
        v.quote = quote;
        v.cryptoAmount = kit.cryptoForFiat(v.price.amount, quote.price, selected.precision);
      } else if (this.rateTask.status === TaskStatus.ERROR) {
        return { ...v, error: asTerminalError(this.rateTask.error) };
      } else {
        return v; // waiting for the first rate
      }
    } else if (v.price) {
      v.cryptoAmount = kit.toPrecision(v.price.amount, selected.precision, 'up');
    }
    if (v.cryptoAmount && v.minimum && kit.compareDecimal(v.cryptoAmount, v.minimum) < 0) {
      const detail = strings.belowMinimumDetail(
        `${trimDecimal(v.cryptoAmount)} ${selected.currency}`,
        `${trimDecimal(v.minimum)} ${selected.currency}`,
      );
      return {
        ...v,
        error: new TerminalError('amount_below_minimum', `${strings.errors.amount_below_minimum} ${detail}`, { amount: detail }),
      };
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
    if (grant && this.payments.size) {
      const asked = this.askedWhenSeen?.length ? this.askedWhenSeen : v.cryptoAmount ? [v.cryptoAmount] : [];
      v.settlement = kit.settle([...this.payments.values()], selected.currency, asked, selected.precision);
    }
    const uriAmount = v.settlement?.remaining ?? v.cryptoAmount;
    if (grant)
      v.uri = kit.walletUri({ currency: selected.currency, address: grant.address.address, amount: uriAmount, tag: grant.address.tag });
    return v;
  }

  private deriveStatus(v: View): TerminalStatus {
    if (v.error) return 'error';
    if (LAZY_MODES[this.mode]) {
      const mode = this.modeView;
      if (!v.config || !mode) return 'loading';
      return mode.needsCurrency && !v.selected ? 'choosing' : mode.status(v);
    }
    const settled = v.settlement ? SETTLED_STATUS[v.settlement.state] : null;
    if (settled) return settled;
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
    if (v.cryptoAmount && v.cryptoAmount !== this.asked.at(-1)) this.asked = [...this.asked, v.cryptoAmount].slice(-2);
    if (v.quote && v.quote !== this.reported.quote && v.cryptoAmount && v.selected) {
      this.reported.quote = v.quote;
      this.dispatchEvent(new RateUpdatedEvent({ quote: v.quote, amount: v.cryptoAmount, currency: v.selected.currency }));
    }
    if (v.error?.code !== this.reported.error?.code || v.error?.message !== this.reported.error?.message) {
      this.reported.error = v.error;
      if (v.error) {
        this.dispatchEvent(
          new TerminalErrorEvent({ code: v.error.code, message: v.error.message, errors: v.error.errors, retryable: v.error.retryable }),
        );
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
      underpaid: strings.underpaidHeading,
      failed: strings.failedHeading,
      cancelled: strings.cancelledHeading,
      expired: strings.expiredHeading,
      error: this.view.error ? this.errorText(this.view.error) : '',
    };
    if (announcement[status]) this.announce(announcement[status]!);
    if (
      status === 'confirmed' ||
      status === 'cancelled' ||
      status === 'expired' ||
      status === 'error' ||
      status === 'underpaid' ||
      status === 'failed'
    ) {
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
    this.modeView?.statusChanged?.(status);
  }

  /** @internal Writes the polite live region (not a template binding: announcing must not re-render). */
  announce(text: string): void {
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

  // ── payments ──────────────────────────────────────────────────────────────────────────────────────────
  /** @internal Follows a new address's (or invoice's) payments, forgetting the previous one's. */
  followPayment(handle: FollowHandle): void {
    this.payment = null;
    this.payments = new Map();
    this.askedWhenSeen = null;
    this.seenAfterExpiry = false;
    this.follow.follow(this.client!, handle);
  }

  /** @internal */
  stopFollowing(): void {
    this.follow.stop();
  }

  private paymentSeen(event: PaymentEvent): void {
    if (this.payments.size === 0) {
      // Judged against what the customer saw when they paid, whatever the rate does afterwards.
      this.askedWhenSeen = [...this.asked];
      this.seenAfterExpiry = this.expired;
    }
    this.payment = event;
    this.payments = new Map(this.payments).set(event.payment_id, event);
  }

  // ── actions ───────────────────────────────────────────────────────────────────────────────────────────
  private choose(currency: string): void {
    this.chosen = currency;
    this.focusHeading = true;
  }

  private changeCurrency = (): void => {
    this.chosen = null;
    this.payment = null;
    this.payments = new Map();
    this.asked = [];
    this.follow.stop();
    this.rateCountdown.stop();
    this.focusHeading = true;
  };

  private retry = (): void => {
    this.focusHeading = true;
    for (const task of [this.configTask, this.modeTask, this.kitTask, this.rateTask, this.addressTask, this.terminalTask]) {
      if (task.status === TaskStatus.ERROR) void task.run();
    }
    this.modeView?.retry();
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
    const locale = activeLocale();
    return html`<div part="base" class="base ${this.theme}" lang=${locale} dir=${isRtl(locale) ? 'rtl' : 'ltr'}>
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
    }
    if (LAZY_MODES[this.mode]) return this.modeView!.render(this.view);
    switch (this.status) {
      case 'confirmed':
        return this.renderPaid();
      case 'underpaid':
        return this.renderUnderpaid();
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
    const canChange =
      !this.currency && this.view.choices.length > 1 && (error.code === 'amount_below_minimum' || error.code === 'currency_not_allowed');
    return html`<h2 id="heading" tabindex="-1">${strings.errorHeading}</h2>
      <p part="status" class="error">${this.errorText(error)}</p>
      ${
        error.retryable || canChange
          ? html`<div class="actions">
              ${error.retryable ? html`<button class="primary" @click=${this.retry}>${strings.retry}</button>` : nothing}
              ${canChange ? html`<button @click=${this.changeCurrency}>${strings.changeCurrency}</button>` : nothing}
            </div>`
          : nothing
      }`;
  }

  /**
   * An error's text in the current locale: the proxy's errors were made when they happened, possibly before a locale
   * had loaded. Two carry more than their code says (the amounts below the minimum, made by derive() on every update;
   * the fixed-rate limit, by the futures mode): their own message.
   */
  private errorText(error: TerminalError): string {
    return error.code === 'amount_below_minimum' || error.code === 'amount_above_limit' ? error.message : strings.errors[error.code];
  }

  protected renderChooser(): TemplateResult {
    return html`<h2 id="heading" tabindex="-1">${strings.chooseHeading}</h2>
      ${this.renderPrice()}
      <p class="muted">${strings.chooseHint}</p>
      <ul>
        ${this.view.choices.map(
          (c) =>
            html`<li>
              <button class="choice" @click=${() => this.choose(c.currency)}>
                <span class="name">${c.name} (${c.currency})</span>
                ${c.network ? html`<span>${c.network}</span>` : nothing}
                <span class="muted"
                  >${strings.minimum(this.amountIn(c.min_amount, c.currency))}${
                    isPositiveDecimal(c.deposit_fee_percent) ? html` · ${strings.depositFee(this.number(c.deposit_fee_percent))}` : nothing
                  }</span
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
    const { address, tag } = grant!.address;
    return html`<h2 id="heading" tabindex="-1">${strings.payWith(selected!.name)}</h2>
      ${this.renderAmount()} ${this.renderTarget(selected!, address, tag, this.view.cryptoAmount)} ${this.renderTimer()}
      ${this.renderStatus()}
      ${
        !this.currency && choices.length > 1 && this.status === 'waiting'
          ? html`<button @click=${this.changeCurrency}>${strings.changeCurrency}</button>`
          : nothing
      }`;
  }

  /** Received less than asked: what arrived, what is missing, and the QR and address to send the rest. */
  protected renderUnderpaid(): TemplateResult {
    const { selected, grant, settlement } = this.view;
    const code = selected!.currency;
    const remaining = settlement!.remaining!;
    return html`<h2 id="heading" tabindex="-1">${strings.underpaidHeading}</h2>
      <p part="status" class="status underpaid">
        ${strings.underpaidText(this.amountIn(settlement!.received, code), this.amountIn(settlement!.expected!, code))}
      </p>
      <div part="amount" class="amount">
        <span class="label">${strings.sendRemaining}</span>
        <div class="row crypto">
          <span class="mono">${this.number(remaining)} ${code}</span
          >${this.renderCopy('amount', trimDecimal(remaining), strings.copyAmount)}
        </div>
      </div>
      ${this.renderTarget(selected!, grant!.address.address, grant!.address.tag, remaining)}`;
  }

  /** @internal Where to pay: the QR of the wallet URI, the address, the tag with its warning, the network warning. */
  renderTarget(currency: WidgetCurrency, address: string, tag: string | null, amount: DecimalString | null): TemplateResult {
    const kit = this.kitTask.value;
    if (!kit) return this.renderLoading(); // a moment at most: it started loading with the first paint
    const uri = kit.walletUri({ currency: currency.currency, address, amount, tag });
    const { size, d } = this.qrPath(kit.qrPath, uri.qr);
    return html`<button part="qr" class="qr" aria-label=${strings.qrLabel(currency.name)} @click=${() => this.copy('uri', uri.uri)}>
        <svg viewBox="0 0 ${size} ${size}" role="img" aria-hidden="true">
          <rect width=${size} height=${size} fill="#fff"></rect>
          <path d=${d} fill="#000"></path>
        </svg>
      </button>
      ${uri.openable ? html`<div class="actions"><a class="button primary" href=${uri.uri}>${strings.openInWallet}</a></div>` : nothing}
      <div>
        <span class="label" id="address-label">${strings.addressLabel(currency.name)}</span>
        <div class="row">
          <code part="address" aria-labelledby="address-label">${address}</code>${this.renderCopy('address', address, strings.copyAddress)}
        </div>
      </div>
      ${
        tag
          ? html`<div class="warn">
              <span class="label" id="tag-label">${strings.tagLabel}</span>
              <div class="row"><code aria-labelledby="tag-label">${tag}</code>${this.renderCopy('tag', tag, strings.copyTag)}</div>
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

  protected renderAmount(): TemplateResult {
    const { selected, cryptoAmount, minimum, quote, price } = this.view;
    const code = selected!.currency;
    return html`<div part="amount" class="amount">
      <span class="label">${strings.toPay}</span>
      ${this.renderPrice()}
      ${
        cryptoAmount
          ? html`<div class="row crypto">
              <span class="mono">${this.number(cryptoAmount)} ${code}</span
              >${this.renderCopy('amount', trimDecimal(cryptoAmount), strings.copyAmount)}
            </div>`
          : minimum
            ? html`<p>${strings.sendAtLeast(this.amountIn(minimum, code))}</p>`
            : nothing
      }
      ${
        quote && price
          ? html`<p class="muted">${strings.rateLine(this.isolate(`1 ${code} = ${this.money(quote.price, price.currency)}`))}</p>`
          : nothing
      }
    </div>`;
  }

  protected renderTimer(): TemplateResult | typeof nothing {
    const { quote } = this.view;
    const expirySeconds = this.expiry.seconds;
    // The time left to pay is shown once it matters (the last 15 minutes); the rate window always.
    const showExpiry = this.expiry.running && expirySeconds <= 15 * 60;
    if (!quote && !showExpiry) return nothing;
    const refreshing = this.rateTask.status === TaskStatus.PENDING;
    return html`<div part="timer" class="timer">
      ${
        quote
          ? html`<p class="muted">
                ${refreshing ? strings.rateRefreshing : strings.rateFixed(formatClock(this.rateCountdown.seconds, this.locale))}
              </p>
              <progress max="1000" value=${Math.round(this.rateCountdown.fraction * 1000)} aria-hidden="true"></progress>
              ${quote.stale ? html`<p class="muted">${strings.rateStale}</p>` : nothing}`
          : nothing
      }
      ${showExpiry ? html`<p class="muted">${strings.timeLeft(formatClock(expirySeconds, this.locale))}</p>` : nothing}
    </div>`;
  }

  /** @internal */
  renderStatus(): TemplateResult {
    const payment = this.payment;
    if (this.status === 'not_confirmed') {
      return html`<p part="status" class="status not_confirmed">
        <span class="spinner" aria-hidden="true"></span
        >${strings.seen}${payment?.confirmations ? ` ${strings.confirmations(payment.confirmations)}` : ''}
      </p>`;
    }
    return html`<p part="status" class="status waiting"><span class="spinner" aria-hidden="true"></span>${strings.waiting}</p>`;
  }

  /** @internal */
  renderPaid(): TemplateResult {
    const payment = this.payment!;
    const settlement = this.view.settlement;
    const code = payment.sent?.currency ?? '';
    const received = settlement && settlement.received !== '0' ? settlement.received : payment.sent?.amount;
    return html`<h2 id="heading" tabindex="-1">${strings.paidHeading}</h2>
      <p part="status" class="status confirmed">${strings.paidText}</p>
      ${received ? html`<p>${strings.amountReceived(this.amountIn(received, code))}</p>` : nothing}
      ${settlement?.over ? html`<p class="warn">${strings.overpaid(this.amountIn(settlement.over, code))}</p>` : nothing}
      ${settlement?.afterRateWindow ? html`<p class="muted">${strings.afterRateWindow}</p>` : nothing}
      ${this.seenAfterExpiry ? html`<p class="warn">${strings.paidAfterExpiry}</p>` : nothing}
      ${
        payment.txid
          ? html`<div>
              <span class="label" id="txid-label">${strings.transactionId}</span>
              <div class="row">
                <code aria-labelledby="txid-label">${payment.txid}</code>${this.renderCopy('txid', payment.txid, strings.copyTxid)}
              </div>
            </div>`
          : nothing
      }
      ${this.view.urlBack ? html`<a class="button primary" href=${this.view.urlBack}>${strings.backToShop}</a>` : nothing}`;
  }

  /** @internal */
  renderFinal(heading: string, text: string, status: TerminalStatus): TemplateResult {
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

  /** @internal */
  renderCopy(what: CopyTarget, value: string, label: string): TemplateResult {
    // Visible "Copy"/"Copied"; the name is the whole label ("Copy address", "Adresse kopieren"), which contains the
    // visible word in every locale, whatever its word order. "Copied" itself is announced in the live region.
    return html`<button part="copy-button" class="copy" @click=${() => this.copy(what, value)}>
      <span aria-hidden="true">${this.copied === what ? strings.copied : strings.copy}</span><span class="sr-only">${label}</span>
    </button>`;
  }

  /** @internal */
  number(value: DecimalString): string {
    return formatDecimal(value, this.locale);
  }

  /** @internal */
  money(value: DecimalString, currency: string): string {
    return formatMoney(value, currency, this.locale);
  }

  /** @internal An amount and its code for a sentence ("0.0001 BTC"), isolated when the sentence runs right to left. */
  amountIn(value: DecimalString, code: string): string {
    return this.isolate(`${this.number(value)} ${code}`);
  }

  /** @internal Keeps a left-to-right value (amount, rate) in one piece inside right-to-left text (LRI … PDI). */
  isolate(text: string): string {
    return isRtl(activeLocale()) ? `\u2066${text}\u2069` : text;
  }

  private qrPath(encode: (text: string) => QrPath, text: string): QrPath {
    // Memoized: render runs every second while a countdown ticks; the symbol changes only with the URI.
    if (this.qr?.text !== text) this.qr = { text, path: encode(text) };
    return this.qr.path;
  }
}

/** The element's status for where an address's payments stand (`none`: the checkout's own state decides). */
const SETTLED_STATUS: Record<Settlement['state'], TerminalStatus | null> = {
  none: null,
  pending: 'not_confirmed',
  paid: 'confirmed',
  underpaid: 'underpaid',
  cancelled: 'cancelled',
};
