import { asTerminalError, TerminalError } from './errors.js';
import { strings } from './strings.js';
import { EMPTY_VIEW, type View } from './view.js';
import type { OrderSettlement, WidgetConfig } from '../core/wire.js';

/**
 * The view every mode starts from: the configuration, the price, the currency allowed and chosen, where the checkout
 * stands, or what is wrong with them. Pure: the element passes its attributes and what the proxy said.
 */
export interface SharedViewInput {
  proxy: string;
  token: string;
  /** The `mode` attribute names a mode this version has. */
  modeKnown: boolean;
  config: WidgetConfig | null;
  /** The configuration request failed with this (undefined: it did not fail). */
  configError: unknown;
  /** The mode's code could not be loaded. */
  modeFailed: boolean;
  settlement: OrderSettlement | null;
  attributes: {
    readonly currency: string | undefined;
    readonly currencies: string | undefined;
    readonly amount: string | undefined;
    readonly amountCurrency: string | undefined;
    readonly urlBack: string | undefined;
  };
  /** The currency the customer picked in the chooser. */
  chosen: string | null;
  /** The currency the mode itself fixes (an invoice's sender currency), if any. */
  fixedCurrency: (config: WidgetConfig) => string | null | undefined;
}

/** Said to the developer once each (a page re-renders every second). */
const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`coinspaid-terminal: ${message}`);
}

/** `url-back` resolved against the page (a relative URL is the shop's own page): http(s) only, and never silently dropped. */
function resolveUrlBack(url: string | null | undefined): string | null {
  if (!url) return null;
  const resolved = URL.canParse(url, document.baseURI) ? new URL(url, document.baseURI) : null;
  if (resolved && /^https?:$/.test(resolved.protocol)) return resolved.href;
  warnOnce(`url-back "${url}" is not an http(s) URL, so no way back to the shop is shown.`);
  return null;
}

/** The shared view, or the error that stops it: misconfigured, no token, the configuration failed, a price the
 * token did not set, a currency not allowed, a mode that could not load. */
export function deriveSharedView(input: SharedViewInput): View {
  const { attributes } = input;
  const v: View = { ...EMPTY_VIEW, settlement: input.settlement };
  if (!input.proxy || !input.modeKnown) return { ...v, error: new TerminalError('misconfigured', strings.errors.misconfigured) };
  if (!input.token) return { ...v, error: new TerminalError('token_missing', strings.errors.token_missing) };
  const config = (v.config = input.config);
  if (input.configError !== undefined) return { ...v, error: asTerminalError(input.configError) };
  if (!config) return v;
  const { checkout } = config;
  v.urlBack = resolveUrlBack(attributes.urlBack ?? checkout.url_back);
  // The price is the token's: a page attribute may repeat it, never change or add one (the proxy refuses the same
  // contradiction in /embed). Never a payable screen for a price the merchant's server did not set.
  const { amount, amount_currency: amountCurrency } = checkout;
  if (
    (attributes.amount != null && attributes.amount !== amount) ||
    (attributes.amountCurrency != null && attributes.amountCurrency !== amountCurrency)
  ) {
    warnOnce(
      `amount="${attributes.amount ?? ''}" amount-currency="${attributes.amountCurrency ?? ''}" contradict the checkout token's price (${amount ? `${amount} ${amountCurrency}` : 'none'}): only the token sets it.`,
    );
    return { ...v, error: new TerminalError('forbidden_by_token', strings.errors.forbidden_by_token) };
  }
  if (amount && amountCurrency) v.price = { amount, currency: amountCurrency };

  const narrowed = attributes.currencies?.split(/[\s,]+/).filter(Boolean);
  v.choices = config.currencies.filter(
    (c) =>
      c.type === 'crypto' &&
      (!checkout.currencies || checkout.currencies.includes(c.currency)) &&
      (!narrowed || narrowed.includes(c.currency)),
  );
  v.canChangeCurrency = !attributes.currency && v.choices.length > 1;
  const fixed = attributes.currency ?? input.fixedCurrency(config);
  const wanted = fixed ?? input.chosen ?? (v.choices.length === 1 ? v.choices[0]!.currency : null);
  if (v.choices.length === 0 || (wanted && !v.choices.some((c) => c.currency === wanted))) {
    return { ...v, error: new TerminalError('currency_not_allowed', strings.errors.currency_not_allowed) };
  }
  v.selected = v.choices.find((c) => c.currency === wanted) ?? null;
  if (input.modeFailed) return { ...v, error: new TerminalError('proxy_unreachable', strings.errors.proxy_unreachable) };
  return v;
}
