/**
 * `<coinspaid-payout-address-form>`: importing this module defines it. The form's class, styles and strings are in
 * payout-address-form/; this file stays at its published path (package.json `sideEffects` names it).
 */
import { CoinsPaidPayoutAddressForm } from './payout-address-form/payout-address-form.component.js';
import { defineOnce } from './define.js';

export * from './payout-address-form/payout-address-form.component.js';

defineOnce('coinspaid-payout-address-form', CoinsPaidPayoutAddressForm);

declare global {
  interface HTMLElementTagNameMap {
    'coinspaid-payout-address-form': CoinsPaidPayoutAddressForm;
  }
}
