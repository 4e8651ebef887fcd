import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { updateWhenLocaleChanges } from '@lit/localize/internal/localized-controller.js';
import { property } from 'lit/decorators/property.js';
import { state } from 'lit/decorators/state.js';
import { live } from 'lit/directives/live.js';
import {
  payoutCurrencyRule,
  validatePayoutAddress,
  type PayoutAddressInvalid,
  type PayoutAddressResult,
  type PayoutAddressValid,
  type PayoutNetwork,
} from '../../core/address-validation/index.js';
import type { WidgetCurrency } from '../../core/wire.js';
import { payoutFormStyles } from './payout-address-form.styles.js';
import { payoutStrings as s } from './strings.js';

/**
 * `<coinspaid-payout-address-form>`: the part of `mode="payout-address"` that is loaded on demand (`import()`), so
 * the validators and their hashing stay out of the deposit bundle. Internal: `<coinspaid-terminal>` renders it.
 * The class; ../payout-address-form.ts defines the tag.
 */

/** A currency the customer may choose; `<coinspaid-terminal>`'s WidgetCurrency entries fit as they are. */
export type PayoutCurrencyOption = Pick<WidgetCurrency, 'currency' | 'name' | 'network'>;

/** The validated payout address. The merchant stores it; nothing is sent anywhere from the browser. */
export interface PayoutAddressDetail {
  currency: string;
  network: PayoutNetwork;
  /** Canonical form (see `PayoutAddressValid.address`). */
  address: string;
  /** Destination tag / memo, for currencies that use one. */
  tag?: string;
}

/** A payout address was entered, validated and submitted. */
export class PayoutAddressEvent extends CustomEvent<PayoutAddressDetail> {
  constructor(detail: PayoutAddressDetail) {
    super('coinspaid-payout-address', { bubbles: true, composed: true, detail });
  }
}

/** Long enough not to flag an address while it is being typed, short enough to answer a paste at once. */
const DEBOUNCE_MS = 300;

/**
 * Collects the address (and destination tag / memo) a customer wants payouts sent to, validating format, checksum
 * and network locally as it is typed and again on submit.
 *
 * @summary Payout address entry with local validation.
 *
 * @fires coinspaid-payout-address - {PayoutAddressEvent} A valid address was submitted.
 *
 * @csspart form - The form.
 * @csspart address - The address input.
 * @csspart tag - The destination tag / memo input.
 * @csspart submit - The submit button.
 */
export class CoinsPaidPayoutAddressForm extends LitElement {
  static override styles = payoutFormStyles;

  /** The currency of the payout address (code, e.g. `USDTT`); defaults to the first of `currencies`. */
  @property() currency: string | undefined;
  /** The currencies the customer may choose from; a select is shown when there is more than one. */
  @property({ attribute: false }) currencies: readonly PayoutCurrencyOption[] = [];

  @state() private address = '';
  @state() private tag = '';
  /** The customer confirmed that the address needs no tag or memo (their own wallet, not an exchange account). */
  @state() private noTag = false;
  /** The verdict on screen; null until the customer pauses typing, leaves the field or submits. */
  @state() private verdict: PayoutAddressResult | null = null;
  /** Submit was tried: "enter the address" / "enter the tag" may now be said. */
  @state() private attempted = false;
  @state() private tagTouched = false;
  @state() private saved = false;

  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    // Strings come from msg() at render time: render again when the page's locale has loaded.
    updateWhenLocaleChanges(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The choices: known to the validator, the current currency included even when the list leaves it out. */
  private get options(): PayoutCurrencyOption[] {
    const options = this.currencies.filter((c) => payoutCurrencyRule(c.currency));
    const current = this.currency?.trim().toUpperCase();
    if (current && !options.some((c) => c.currency === current)) options.unshift({ currency: current, name: current, network: null });
    return options;
  }

  private get selected(): PayoutCurrencyOption | undefined {
    const current = this.currency?.trim().toUpperCase();
    return this.options.find((c) => c.currency === current) ?? this.options[0];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another currency changes the verdict on what is already typed.
    if ((changed.has('currency') || changed.has('currencies')) && this.verdict) this.verdict = this.check();
  }

  /** The full verdict, or the address's alone while the tag field is untouched and no submit was tried. */
  private check(): PayoutAddressResult {
    const currency = this.selected?.currency ?? '';
    return validatePayoutAddress(currency, this.address, this.noTag ? '' : this.tag, {
      addressOnly: !this.tagTouched && !this.attempted,
      noTagNeeded: this.noTag,
    });
  }

  // ── events ─────────────────────────────────────────────────────────────────────────────────────────────

  private debounce(): void {
    this.saved = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.verdict = this.check();
    }, DEBOUNCE_MS);
  }

  private validateNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.verdict = this.check();
  }

  private onAddressInput(event: Event): void {
    this.address = (event.target as HTMLInputElement).value;
    this.debounce();
  }

  private onTagInput(event: Event): void {
    this.tag = (event.target as HTMLInputElement).value;
    this.debounce();
  }

  private onAddressChange(): void {
    if (this.#pressingSave) return; // the submit validates; re-rendering now would move Save under the pointer
    if (this.address.trim() || this.verdict) this.validateNow();
  }

  private onTagChange(): void {
    this.tagTouched = true;
    if (!this.#pressingSave) this.validateNow();
  }

  /**
   * A press on Save blurs the field first, and a verdict appearing on that blur can push Save out from under the
   * pointer before the button is released: the click would be lost. Between the press and the release, the field's
   * blur leaves the verdict to the submit.
   */
  #pressingSave = false;

  private onSavePointerDown = (): void => {
    this.#pressingSave = true;
    window.addEventListener('pointerup', () => setTimeout(() => (this.#pressingSave = false)), { once: true, capture: true });
  };

  private onCurrencyChange(event: Event): void {
    this.useCurrency((event.target as HTMLSelectElement).value, false);
  }

  private useCurrency(code: string, focusAddress: boolean): void {
    this.currency = code;
    this.saved = false;
    this.tag = '';
    this.noTag = false;
    this.tagTouched = false;
    if (focusAddress) void this.updateComplete.then(() => this.input('address')?.focus());
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.attempted = true;
    this.validateNow();
    const verdict = this.verdict!;
    if (!verdict.valid) {
      this.saved = false;
      await this.updateComplete;
      this.input(verdict.field)?.focus();
      return;
    }
    this.saved = true;
    const { currency, network, address, tag } = verdict;
    this.dispatchEvent(new PayoutAddressEvent(tag === undefined ? { currency, network, address } : { currency, network, address, tag }));
  }

  private input(field: 'address' | 'tag'): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${field}`);
  }

  // ── rendering (pure) ───────────────────────────────────────────────────────────────────────────────────

  /** The problem to show for `field`, if any: "enter it" only after a submit (or, for the tag, once it was left). */
  private problemOf(field: 'address' | 'tag'): PayoutAddressInvalid | null {
    const v = this.verdict;
    if (!v || v.valid || v.field !== field) return null;
    if (field === 'address' && v.problem === 'empty' && !this.attempted) return null;
    if (field === 'tag' && v.problem === 'tag_required' && !this.attempted && !this.tagTouched) return null;
    return v;
  }

  override render(): TemplateResult {
    const selected = this.selected;
    const rule = selected && payoutCurrencyRule(selected.currency);
    if (!selected || !rule) return html`<p part="form" class="error">${s.problems.unsupported_currency}</p>`;
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-labelledby="heading">
      <h2 id="heading">${s.heading}</h2>
      <p class="muted">${s.intro}</p>
      ${this.renderCurrency(selected)} ${this.renderAddress(selected, rule.network)} ${rule.tag ? this.renderTag(rule.tag.kind) : nothing}
      <button part="submit" class="primary" type="submit" @pointerdown=${this.onSavePointerDown}>${s.save}</button>
      <p role="status" class="ok">${this.saved ? s.saved : ''}</p>
    </form>`;
  }

  protected renderCurrency(selected: PayoutCurrencyOption): TemplateResult | typeof nothing {
    const options = this.options;
    if (options.length < 2) return nothing;
    return html`<div class="field">
      <label for="currency">${s.currencyLabel}</label>
      <select id="currency" @change=${this.onCurrencyChange}>
        ${options.map((c) => html`<option value=${c.currency} ?selected=${c.currency === selected.currency}>${s.option(c.name, c.currency, c.network)}</option>`)}
      </select>
    </div>`;
  }

  protected renderAddress(selected: PayoutCurrencyOption, network: PayoutNetwork): TemplateResult {
    const problem = this.problemOf('address');
    const v = this.verdict;
    const fine = v && (v.valid || v.field === 'tag') && this.address.trim() ? (v as PayoutAddressValid | PayoutAddressInvalid) : null;
    return html`<div class="field">
      <label for="address">${s.addressLabel(selected.name)}</label>
      <input
        id="address"
        part="address"
        class="mono"
        name="address"
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        autocorrect="off"
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem || fine ? 'address-hint address-message' : 'address-hint'}
        .value=${live(this.address)}
        @input=${this.onAddressInput}
        @change=${this.onAddressChange}
      />
      <p id="address-hint" class="muted">${s.addressHint}</p>
      <div class="verdict" aria-live="polite">
        ${
          problem
            ? this.renderAddressProblem(problem, selected, network)
            : fine
              ? html`<div id="address-message" class="ok">${this.renderAddressOk(fine, selected, network)}</div>`
              : nothing
        }
      </div>
    </div>`;
  }

  protected renderAddressProblem(problem: PayoutAddressInvalid, selected: PayoutCurrencyOption, network: PayoutNetwork): TemplateResult {
    if (problem.problem !== 'wrong_network' || !problem.suggestion)
      return html`<p id="address-message" class="error">${s.problems[problem.problem]}</p>`;
    const suggestion = problem.suggestion;
    const other = this.options.find((c) => c.currency === suggestion.currency);
    const found = s.networks[suggestion.network];
    const expected = selected.network ?? s.networks[network];
    return html`<div class="warn">
      <p id="address-message">${s.wrongNetwork(found, selected.name, expected)}</p>
      ${
        other
          ? html`<button type="button" @click=${() => this.useCurrency(other.currency, true)}>
              ${s.switchTo(s.option(other.name, other.currency, other.network))}
            </button>`
          : nothing
      }
    </div>`;
  }

  protected renderAddressOk(
    verdict: PayoutAddressValid | PayoutAddressInvalid,
    selected: PayoutCurrencyOption,
    network: PayoutNetwork,
  ): TemplateResult {
    const notes: (string | null)[] = verdict.valid
      ? [
          !verdict.checksum ? s.noChecksum : null,
          network === 'bitcoin-cash' && (verdict.format === 'p2pkh' || verdict.format === 'p2sh') ? s.legacyBitcoinCash : null,
        ]
      : [];
    return html`<p>${s.looksRight(selected.network ?? s.networks[network])}</p>
      ${notes.filter((n): n is string => n !== null).map((n) => html`<p class="muted">${n}</p>`)}`;
  }

  protected renderTag(kind: 'destination-tag' | 'memo'): TemplateResult {
    const problem = this.problemOf('tag');
    return html`<div class="field">
      <label for="tag">${s.tagLabel[kind]}</label>
      <input
        id="tag"
        part="tag"
        class="mono"
        name="tag"
        autocomplete="off"
        spellcheck="false"
        autocapitalize="off"
        autocorrect="off"
        inputmode=${kind === 'destination-tag' ? 'numeric' : 'text'}
        ?disabled=${this.noTag}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? 'tag-hint tag-message' : 'tag-hint'}
        .value=${live(this.tag)}
        @input=${this.onTagInput}
        @change=${this.onTagChange}
      />
      <p id="tag-hint" class="muted">${s.tagHint[kind]}</p>
      <div class="verdict" aria-live="polite">
        ${problem ? html`<p id="tag-message" class="error">${s.tagProblems[kind][problem.problem as 'tag_required' | 'tag_invalid'] ?? s.problems[problem.problem]}</p>` : nothing}
      </div>
      <label class="check"
        ><input type="checkbox" part="no-tag" .checked=${live(this.noTag)} @change=${this.onNoTagChange} />${s.noTagNeeded[kind]}</label
      >
    </div>`;
  }

  /**
   * A wallet of the customer's own has no tag to give, and an exchange account cannot be credited without one: the
   * customer says which, explicitly, rather than the form guessing from an empty field.
   */
  private onNoTagChange(event: Event): void {
    this.noTag = (event.target as HTMLInputElement).checked;
    if (this.noTag) this.tag = '';
    this.tagTouched = true;
    this.saved = false;
    this.validateNow();
  }
}
