import { html, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { TerminalUrlGrant } from '../../core/wire.js';
import { asTerminalError, TerminalError } from '../errors.js';
import type { TerminalStatus } from '../events.js';
import { isHttpUrl } from '../../core/validators.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { MarketPrice } from './market-price.js';
import type { CreateModeView, ModeHost, ModeView } from './mode.js';

/**
 * `mode="terminal"`: a link to (or a frame of) CoinsPaid's hosted payment terminal, signed by the proxy for the
 * chosen currency. The amount and the way back are the token's: the proxy puts them in the link (converting a fiat
 * price at the rate it quotes), so the page sends neither. Payments on the terminal go to the address the proxy took
 * for this checkout: the link's grant carries how to follow it and where it stands.
 */
export const terminalMode: CreateModeView = (host) => new TerminalView(host);

type Args = readonly [ModeHost['client'], string | null, string | undefined, boolean];

class TerminalView implements ModeView {
  private readonly price: MarketPrice;
  private payable: string | null = null;
  private grant: TerminalUrlGrant | null = null;
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
      onComplete: (grant) => this.host.follow.start(grant.follow, grant.settlement),
    });
  }

  derive(shared: View): View {
    const view = this.price.derive(shared);
    this.payable = this.price.payable;
    this.grant = null;
    if (view.error || !this.payable) return view;
    if (this.task.status === TaskStatus.ERROR) return { ...view, error: asTerminalError(this.task.error) };
    const grant = this.task.value;
    if (grant && !isHttpUrl(grant.url)) return { ...view, error: new TerminalError('unsafe_url', strings.errors.unsafe_url) };
    this.grant = grant ?? null;
    return view;
  }

  status(view: View): TerminalStatus {
    const settled = this.grant && this.host.follow.status(this.host.expiry.ended);
    if (settled) return settled;
    if (this.host.expiry.ended) return 'expired';
    if (!view.selected) return 'choosing';
    return this.grant ? 'ready' : 'loading';
  }

  render(): TemplateResult {
    const url = this.grant!.url;
    return this.host.settings.terminalDisplay === 'iframe'
      ? html`<iframe src=${url} title=${strings.terminalFrame} allow="clipboard-write"></iframe>`
      : html`<div class="actions"><a class="button primary" href=${url} rel="noopener">${strings.terminalLink}</a></div>`;
  }

  updated(view: View): void {
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
