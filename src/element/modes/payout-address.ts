import { html, type TemplateResult } from 'lit';
import { defineOnce } from '../define.js';
import type { TerminalStatus } from '../events.js';
import { CoinsPaidPayoutAddressForm } from '../payout-address-form/payout-address-form.component.js';
import type { View } from '../view.js';
import type { CreateModeView, ModeView } from './mode.js';

/**
 * `mode="payout-address"`: collects the address (and tag) the customer wants withdrawals sent to, checked locally —
 * format, checksum, network — before anything is sent, as the reference recommends before the first deposit. The
 * result goes out as `coinspaid-payout-address` for the merchant to store; nothing is ever withdrawn from the
 * browser. The form and its validators (@scure/base, @noble/hashes) load only with this mode.
 */
export const payoutAddressMode: CreateModeView = () => {
  // Defined here by reference: a bare side-effect import could be dropped by a bundler honouring `sideEffects`.
  defineOnce('coinspaid-payout-address-form', CoinsPaidPayoutAddressForm);
  return new PayoutAddressView();
};

class PayoutAddressView implements ModeView {
  derive(view: View): View {
    return view;
  }

  /** No payment to take: no currency to choose first; the form offers the choices itself. */
  status(): TerminalStatus {
    return 'ready';
  }

  retry(): void {}

  render(view: View): TemplateResult {
    // The form brings its own heading and labels.
    return html`<coinspaid-payout-address-form
      .currencies=${view.choices}
      .currency=${view.selected?.currency}
    ></coinspaid-payout-address-form>`;
  }
}
