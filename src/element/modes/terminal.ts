import { html, nothing, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { TerminalUrlGrant } from '../../core/wire.js';
import { asTerminalError, TerminalError } from '../errors.js';
import { AddressReadyEvent, type TerminalStatus } from '../events.js';
import { isHttpUrl } from '../../core/validators.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { statusLine } from '../views/parts.js';
import { MarketPrice } from './market-price.js';
import type { CreateModeView, ModeHost, ModeView } from './mode.js';

/**
 * `mode="terminal"`: a link to (or a frame of) CoinsPaid's hosted payment terminal, signed by the proxy for the
 * chosen currency. The amount and the way back are the token's: the proxy puts them in the link (converting a fiat
 * price at the rate it quotes), so the page sends neither. Payments on the terminal go to the address the proxy took
 * for this checkout: the link's grant carries that address, how to follow it and where it stands, so the element
 * shows the payment arriving under the link or the frame, with the same screens as every mode.
 */
export const terminalMode: CreateModeView = (host) => new TerminalView(host);

type Args = readonly [ModeHost['client'], string | null, string | undefined, boolean];

class TerminalView implements ModeView {
  private readonly price: MarketPrice;
  private payable: string | null = null;
  private grant: TerminalUrlGrant | null = null;
  private reported: TerminalUrlGrant | null = null;
  /**
   * The frame gave way to the element's own screen (part is missing, or the payment was cancelled): the hosted page
   * would ask for the whole amount again, so it does not come back for this link.
   */
  private frameGone = false;
  private readonly task: Task<Args, TerminalUrlGrant>;

  constructor(private readonly host: ModeHost) {
    this.price = new MarketPrice(host);
    this.task = new Task(host, {
      task: ([client, currency, convertTo, iframe], { signal }) => {
        if (!client || !currency) return initialState;
        host.followCheckout();
        return client.terminalUrl({ currency, ...(convertTo ? { convert_to: convertTo } : {}), is_iframe: iframe }, signal);
      },
      args: () => {
        const { convertTo, terminalDisplay } = this.host.settings;
        return [this.host.client, this.payable, convertTo, terminalDisplay === 'iframe'] as const;
      },
      onComplete: (grant) => {
        this.frameGone = false;
        this.host.follow.start(grant.follow, grant.settlement);
      },
    });
  }

  derive(shared: View): View {
    const view = this.price.derive(shared);
    this.payable = this.price.payable;
    this.grant = null;
    if (view.error || !this.payable) return view;
    if (this.task.status === TaskStatus.ERROR) return { ...view, error: asTerminalError(this.task.error) };
    // Only the link for this currency and display: another one is on its way (a frame of a link made for a new tab
    // would be refused by the terminal).
    const selected = view.selected!;
    const grant =
      this.task.status === TaskStatus.COMPLETE && this.task.value?.address.currency === selected.currency ? this.task.value : null;
    if (grant && !isHttpUrl(grant.url)) return { ...view, error: new TerminalError('unsafe_url', strings.errors.unsafe_url) };
    this.grant = grant;
    const settled = view.settlement?.status;
    if (!grant || (settled !== 'underpaid' && settled !== 'cancelled')) return view;
    // Part arrived, or a payment was cancelled: the rest (or the whole amount again) goes to the address behind the
    // link, which the element shows from now on, as the address mode does.
    this.frameGone = true;
    const { address, tag } = grant.address;
    const amount = settled === 'underpaid' ? this.price.remainder(view.settlement!, selected) : this.price.amount;
    return { ...view, target: { currency: selected, address, tag, amount } };
  }

  status(view: View): TerminalStatus {
    const settled = this.grant && this.host.follow.status(this.host.expiry.ended);
    if (settled) return settled;
    if (this.host.expiry.ended) return 'expired';
    if (!view.selected) return 'choosing';
    return this.grant ? 'ready' : 'loading';
  }

  /** The link (which opens the terminal in a new tab, so that this page follows the payment), then where it stands. */
  render(): TemplateResult {
    return html`${
      this.host.settings.terminalDisplay === 'iframe'
        ? nothing
        : html`<div class="actions">
            <a class="button primary" href=${this.grant!.url} target="_blank" rel="noopener">${strings.terminalLink}</a>
          </div>`
    }${statusLine()}`;
  }

  /**
   * The frame, kept in place from the link to the receipt (re-created, it would load the hosted page again); not once
   * the element asks for what to send itself, nor once the time ran out.
   */
  above(status: TerminalStatus): TemplateResult | typeof nothing {
    const grant = this.grant;
    return this.host.settings.terminalDisplay === 'iframe' && grant && !this.frameGone && status !== 'expired'
      ? html`<iframe src=${grant.url} title=${strings.terminalFrame} allow="clipboard-write"></iframe>`
      : nothing;
  }

  updated(view: View): void {
    const grant = this.grant;
    // The address behind the link is reported with its wallet URI: the kit loads for it once the link is shown.
    if (grant && grant !== this.reported) this.host.checkAddresses(grant.address.currency);
    const kit = this.host.kit.value;
    if (grant && grant !== this.reported && kit) {
      // The address behind the link, for the page (its records, a support answer), as the address mode reports its own.
      this.reported = grant;
      const { currency, address, tag } = grant.address;
      const amount = this.price.amount;
      this.host.dispatch(
        new AddressReadyEvent({ address: grant.address, uri: kit.walletUri({ currency, address, amount, tag }).uri, amount }),
      );
    }
    // A payment is seen: the element may soon show the address itself (the rest, or again), checked first.
    if (view.settlement && view.settlement.status !== 'waiting') this.host.checkAddresses();
    this.price.updated(view);
  }

  statusChanged(status: TerminalStatus): void {
    this.price.statusChanged(status);
  }

  retry(): void {
    this.price.retry();
    if (this.task.status === TaskStatus.ERROR) void this.task.run();
  }
}
