/**
 * The element checks what it shows: before an address (deposit, invoice, fixed rate) is drawn as where to pay, it
 * is checked against its currency: format, checksum, main network and tag, with the same verdict as the payout
 * form's validators (src/core/address-validation/deposit.ts). Part of the payment kit (payment-kit.ts), loaded in
 * parallel with the request for the address: the first paint needs none of it.
 */
import { checksCurrency, isDepositAddress } from '../core/address-validation/deposit.js';

export { prepareDepositCheck as prepareCheck } from '../core/address-validation/deposit.js';
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
async function problemOf(currency: WidgetCurrency, address: string, tag: string | null): Promise<string | null> {
  const code = currency.currency;
  if (!ADDRESS.test(address)) return 'it contains characters no address has (invisible, bidirectional or non-ASCII)';
  if (tag && !TAG.test(tag)) return 'its tag contains characters no tag has';
  if (currency.requires_tag && !tag) return `${code} needs a destination tag or memo and none came with the address`;
  if (!checksCurrency(code) || (await isDepositAddress(code, address, tag))) return null;
  // validatePayoutAddress (src/core/address-validation) says which, on the server.
  return `it is not a ${code} address of the main network with the tag it needs (its format, checksum, network or tag is wrong)`;
}

/** Whether `address` (with `tag`) may be shown as where to pay `currency`; when not, the developer's console says why. */
export async function checkAddress(currency: WidgetCurrency, address: string, tag: string | null): Promise<boolean> {
  const problem = await problemOf(currency, address, tag);
  if (problem) console.warn(`coinspaid-terminal: the ${currency.currency} address from the proxy is not shown: ${problem}.`);
  return !problem;
}
