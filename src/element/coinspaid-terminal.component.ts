import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import { updateWhenLocaleChanges } from '@lit/localize/internal/localized-controller.js';
import { TerminalError } from './errors.js';
import { ExpiredEvent, PaidEvent, StatusChangedEvent, TerminalErrorEvent, type TerminalStatus } from './events.js';
import { TerminalHost } from './host.js';
import { activeLocale, intlLocale, isRtl, langOf, matchLocale, requestLocale, type Locale } from './localization.js';
import type { ModeView, SettledStatus } from './modes/mode.js';
import { MODES, SETTLED } from './modes/registry.js';
import type { WidgetCurrency } from '../core/wire.js';
import { ProxyClient } from './proxy-client.js';
import type { QrPath } from './qr.js';
import { strings } from './strings.js';
import { styles } from './coinspaid-terminal.styles.js';
import { deriveSharedView } from './shared-view.js';
import { EMPTY_VIEW, type View } from './view.js';
import { loading } from './views/parts.js';
import { chooser, errorScreen, errorText } from './views/shell.js';

/** How the element takes the payment. */
export type TerminalMode = 'address' | 'terminal' | 'invoice' | 'futures' | 'payout-address';
export type TerminalDisplay = 'link' | 'iframe';
export type TerminalTheme = 'auto' | 'light' | 'dark';

/**
 * A crypto checkout for CoinsPaid: the deposit address with its QR code, the amount at a live rate, and the
 * payment's status as it happens; or a link to CoinsPaid's hosted payment terminal.
 *
 * @summary Crypto checkout: deposit address, QR, live rate and live payment status.
 *
 * @attr {string} lang - Language of numbers, amounts and times; else the nearest `[lang]` ancestor's.
 *
 * @fires {AddressReadyEvent} coinspaid-address-ready - An address is issued and shown (terminal mode: the address behind the link).
 * @fires {InvoiceReadyEvent} coinspaid-invoice-ready - Invoice mode: the token's invoice is shown.
 * @fires {RateUpdatedEvent} coinspaid-rate-updated - A new rate arrived; the amount and QR follow it.
 * @fires {StatusChangedEvent} coinspaid-status-changed - `status` changed.
 * @fires {PaidEvent} coinspaid-paid - The payment is confirmed (final, once).
 * @fires {ExpiredEvent} coinspaid-expired - The checkout's time ran out before the order was paid.
 * @fires {RestartEvent} coinspaid-restart - The customer asked to start again after it expired; cancelable (mint a new token), else the element goes to `url-back`.
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
export class CoinsPaidTerminal extends LitElement {
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
  /**
   * The price is the checkout token's only: this may repeat the token's amount (e.g. `106.75`), never change it. An
   * amount that contradicts the token, or one where the token has none, is an error state (`forbidden_by_token`).
   */
  amount: string | undefined;
  /** Currency of `amount`, e.g. `EUR`: may only repeat the token's. */
  amountCurrency: string | undefined;
  /** Where "Back to the shop" goes (default the token's url_back); a relative URL resolves against the page. */
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
  private view: View = EMPTY_VIEW;
  /** What the modes and the shared screens get of the element. */
  private readonly host = new TerminalHost(this, {
    onTimeLeft: (seconds) => this.announceTimeLeft(seconds),
    changeCurrency: () => this.changeCurrency(),
  });
  private modeView: ModeView | null = null;
  /** The locale this element last asked @lit/localize for (asking again only when it changes avoids a tug of war). */
  private askedLocale: Locale | null = null;
  private qr: { text: string; path: QrPath } | null = null;
  /** The address to check: a new object only for a new address (the check runs once per address, not per update). */
  private toCheck: { key: string; currency: WidgetCurrency; address: string; tag: string | null } | null = null;
  /** A target exists that cannot be shown yet: the payment kit is loading, or the address is being checked. */
  private unready = false;
  /** A settled screen is due and its chunk is not loaded. */
  private screensWanted = false;
  private lastExpirySeconds = Number.POSITIVE_INFINITY;
  private focusHeading = false;
  private reported: { error?: TerminalError | null; paid?: boolean; expired?: boolean } = {};

  /** Loads (or, for address and terminal, just makes) the current mode's view. */
  private modeTask = new Task(this, {
    task: async ([mode]) => (Object.hasOwn(MODES, mode) ? (await MODES[mode]())(this.host) : null),
    args: () => [this.mode] as const,
    onComplete: (view) => (this.modeView = view),
  });

  private configTask = new Task(this, {
    task: ([client], { signal }) => (client ? client.config(signal) : initialState),
    args: () => [this.host.client] as const,
    onComplete: (config) => {
      const deadline = config.checkout.expires_at * 1000;
      this.lastExpirySeconds = Math.ceil((deadline - Date.now()) / 1000);
      this.host.expiry.start(deadline);
    },
  });

  /** Whether `toCheck` may be shown; the developer's console says what is wrong when not. */
  private checkTask = new Task(this, {
    task: async ([kit, target]) =>
      kit && target ? { of: target, ok: await kit.checkAddress(target.currency, target.address, target.tag) } : initialState,
    args: () => [this.host.kit.value, this.toCheck] as const,
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

  // ── deriving state (before render; tasks read it for their arguments right after) ─────────────────────
  protected override willUpdate(changed: PropertyValues<this>): void {
    const host = this.host;
    if (changed.has('proxy') || changed.has('token') || !host.client) {
      host.client = this.proxy && this.token ? new ProxyClient(this.proxy, this.token) : null;
      if (this.mode === 'address') host.startEarly(this.currency, this.convertTo);
    }
    if (changed.get('token') !== undefined) {
      // A new token (the page minted one after coinspaid-restart): a new checkout, with its own events to report.
      this.reported = {};
      host.follow.reset();
    }
    if (changed.has('currency') || changed.has('currencies')) this.chosen = null;
    if (changed.has('mode') && this.modeView) {
      // The mode left behind derives one last, empty view (its requests lose their inputs and abort); the next one
      // is loading.
      this.modeView.derive(EMPTY_VIEW);
      this.modeView = null;
    }
    host.locale = intlLocale(langOf(this));
    const wanted = matchLocale(host.locale);
    if (wanted !== this.askedLocale) requestLocale((this.askedLocale = wanted));
    this.view = this.derive();
    this.status = this.deriveStatus(this.view);
  }

  /**
   * The shared view, completed by the mode, then its target checked (nothing unchecked is shown as where to pay) and
   * the target's wallet URI and QR made (once per update, not in render).
   */
  private derive(): View {
    const mode = this.modeView;
    const view = mode ? mode.derive(this.deriveShared(mode)) : this.deriveShared(null);
    const { kit, screens } = this.host;
    if (!view.error && [kit, screens, this.checkTask].some((task) => task.status === TaskStatus.ERROR))
      return { ...view, target: null, error: new TerminalError('proxy_unreachable', strings.errors.proxy_unreachable) };
    const target = view.target;
    if (target) {
      const key = JSON.stringify([target.currency.currency, target.currency.requires_tag, target.address, target.tag]);
      if (this.toCheck?.key !== key) this.toCheck = { key, currency: target.currency, address: target.address, tag: target.tag };
    }
    const checked = this.checkTask.value;
    this.unready = !!target && (!kit.value || checked?.of !== this.toCheck);
    if (!target || this.unready) return { ...view, target: null };
    if (!checked!.ok) return { ...view, target: null, error: new TerminalError('invalid_address', strings.errors.invalid_address) };
    const { walletUri, qrPath } = kit.value!;
    const { currency, address, tag, amount } = target;
    const uri = walletUri({ currency: currency.currency, address, amount, tag });
    // Memoized: a countdown updates the element every second; the symbol changes only with the URI.
    if (this.qr?.text !== uri.qr) this.qr = { text: uri.qr, path: qrPath(uri.qr) };
    return { ...view, uri, qr: this.qr.path };
  }

  /** The view every mode starts from (shared-view.ts), from this element's attributes and what the proxy said. */
  private deriveShared(mode: ModeView | null): View {
    return deriveSharedView({
      proxy: this.proxy,
      token: this.token,
      modeKnown: Object.hasOwn(MODES, this.mode),
      config: this.configTask.value ?? null,
      configError: this.configTask.status === TaskStatus.ERROR ? this.configTask.error : undefined,
      modeFailed: this.modeTask.status === TaskStatus.ERROR,
      settlement: this.host.follow.settlement,
      attributes: this,
      chosen: this.chosen,
      fixedCurrency: (config) => mode?.fixedCurrency?.(config),
    });
  }

  private deriveStatus(v: View): TerminalStatus {
    if (v.error) return 'error';
    if (!v.config || !this.modeView) return 'loading';
    const status = this.modeView.status(v);
    // Nothing is shown as where to pay before it is checked; the settled screens load beside the address request (or
    // now: the time can run out before any was made, on the currency choice).
    this.screensWanted = SETTLED.has(status) && !this.host.screens.value;
    return this.unready || this.screensWanted ? 'loading' : status;
  }

  // ── reporting (events, announcements, focus) after the DOM is up to date ─────────────────────────────
  protected override updated(changed: PropertyValues<this>): void {
    const v = this.view;
    const previous = changed.get('status') as TerminalStatus | undefined;
    if (previous !== undefined && previous !== this.status) this.statusChanged(previous);
    if (this.screensWanted) this.host.followCheckout();
    else if (v.qr) this.host.followCheckoutSoon();
    this.modeView?.updated?.(v);
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
    const { status, host } = this;
    const payment = host.follow.latest;
    this.dispatchEvent(new StatusChangedEvent({ status, previous, payment }));
    // Once per status: a settled screen's heading ("Payment received"), as the new screen says it.
    const announcement =
      status === 'waiting'
        ? strings.waiting
        : status === 'error' && this.view.error
          ? errorText(this.view.error)
          : SETTLED.has(status)
            ? this.renderRoot.querySelector('#heading')?.textContent
            : '';
    if (announcement) host.announce(announcement);
    // The time left is announced from the payment screen on, not for the marks passed before it.
    if (status === 'waiting') this.lastExpirySeconds = host.expiry.seconds;
    // A screen that replaces the last one: the focus moves to its heading (an error's only if the focus was inside).
    if (SETTLED.has(status) || status === 'error')
      this.focusHeading = this.focusHeading || status !== 'error' || this.matches(':focus-within');
    const settlement = host.follow.settlement;
    if (status === 'confirmed' && !this.reported.paid && settlement) {
      this.reported.paid = true;
      host.follow.stop();
      host.expiry.stop();
      // The blockchain transaction, from the settlement: a converted payment's last event carries none.
      const txid = settlement.payments.findLast((p) => p.status === 'confirmed' && p.txid)?.txid ?? payment?.txid ?? null;
      this.dispatchEvent(new PaidEvent({ payment, txid, settlement }));
    }
    if (status === 'expired' && !this.reported.expired) {
      this.reported.expired = true;
      this.dispatchEvent(new ExpiredEvent({ expiredAt: this.view.config?.checkout.expires_at ?? Math.floor(Date.now() / 1000) }));
    }
    this.modeView?.statusChanged?.(status);
  }

  /** At its marks, the time left to pay and the deadline as the screen shows it ("Pay by 14:32"), while the customer is to pay. */
  private announceTimeLeft(seconds: number): void {
    const { host } = this;
    const announcement = host.screens.value?.timeLeftAnnouncement;
    // Its words come with the follow kit, right after the address is painted: until then the marks wait for it.
    if (!announcement) return;
    const previous = this.lastExpirySeconds;
    this.lastExpirySeconds = seconds;
    const say = this.status === 'waiting' && announcement(previous, seconds, host.expiry.end, host.locale);
    if (say) host.announce(say);
  }

  // ── actions ───────────────────────────────────────────────────────────────────────────────────────────
  private choose = (currency: string): void => {
    this.chosen = currency;
    this.focusHeading = true;
    if (this.mode === 'address') this.host.startEarly(currency, this.convertTo);
  };

  private changeCurrency(): void {
    this.chosen = null;
    this.host.follow.reset();
    this.focusHeading = true;
  }

  private retry = (): void => {
    this.focusHeading = true;
    const { kit, screens } = this.host;
    for (const task of [this.configTask, this.modeTask, kit, screens, this.checkTask]) {
      if (task.status === TaskStatus.ERROR) void task.run();
    }
    this.modeView?.retry();
  };

  // ── rendering (pure: reads the view and state) ───────────────────────────────────────────────────────
  override render(): TemplateResult {
    const locale = activeLocale();
    return html`<div part="base" class="base ${this.theme}" lang=${locale} dir=${isRtl(locale) ? 'rtl' : 'ltr'}>
      <div id="live" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
      ${this.renderScreen()}
    </div>`;
  }

  /** The screen for the current status: the shell's own (error, loading, choosing), else the payment's. */
  protected renderScreen(): TemplateResult {
    switch (this.status) {
      case 'error':
        return errorScreen(this.host, this.view, this.retry);
      case 'loading':
        return loading();
      case 'choosing':
        return chooser(this.host, this.view, this.choose);
      default: {
        const mode = this.modeView!;
        const status = this.status;
        const screen = SETTLED.has(status)
          ? this.host.screens.value!.settledScreen(
              this.host,
              this.view,
              status as SettledStatus,
              mode.outcome?.(status as SettledStatus, this.view),
            )
          : mode.render(this.view, status);
        return html`${mode.above?.(status)}${screen}`;
      }
    }
  }
}
