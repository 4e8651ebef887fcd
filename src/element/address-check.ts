/**
 * The element checks what it shows: before an address (deposit, invoice, fixed rate) is drawn as where to pay, it
 * is checked against its currency with the project's own validators (src/core/address-validation: format, checksum,
 * network, test network, tag; what the payout-address form uses). Loaded on demand, in parallel with the request for
 * the address: the validators and their hashing are large and the first paint needs none of them.
 */
import { payoutCurrencyRule, validatePayoutAddress } from '../core/address-validation/index.js';
import type { WidgetCurrency } from '../core/wire.js';

/**
 * Printable ASCII only, as every address and tag of every chain is. This refuses what would make the address on
 * screen differ from the one copied or scanned: bidirectional controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C),
 * zero-width and other format characters, whitespace, and look-alike letters from other scripts.
 */
const ADDRESS = /^[\x21-\x7e]{1,128}$/;
/** A memo may hold a space inside, never at either end. */
const TAG = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;

/**
 * Why `address` (with `tag`) must not be shown as where to pay `currency`, in English for the developer's console;
 * null when it may. A currency the validators do not know gets the checks that need no format: characters, and a tag
 * where CoinsPaid says one is required.
 */
function problemOf(currency: WidgetCurrency, address: string, tag: string | null): string | null {
  if (!ADDRESS.test(address)) return 'it contains characters no address has (invisible, bidirectional or non-ASCII)';
  if (tag && !TAG.test(tag)) return 'its tag contains characters no tag has';
  if (currency.requires_tag && !tag) return `${currency.currency} needs a destination tag or memo and none came with the address`;
  if (!payoutCurrencyRule(currency.currency)) return null;
  const result = validatePayoutAddress(currency.currency, address, tag);
  return result.valid ? null : result.message;
}

/** Whether `address` (with `tag`) may be shown as where to pay `currency`; when not, the developer's console says why. */
export function checkAddress(currency: WidgetCurrency, address: string, tag: string | null): boolean {
  const problem = problemOf(currency, address, tag);
  if (problem) console.warn(`coinspaid-terminal: the ${currency.currency} address from the proxy is not shown: ${problem}.`);
  return !problem;
}
