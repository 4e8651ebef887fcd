import { html, type TemplateResult } from 'lit';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { DecimalString } from '../../core/api-types.js';
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
 * chosen currency; the amount goes with it when the price is in that currency (a fiat price is left to the terminal).
 */
export const terminalMode: CreateModeView = (host) => new TerminalView(host);

type Args = readonly [ModeHost['client'], string | null, DecimalString | null, string | undefined, boolean, string | undefined];

class TerminalView implements ModeView {
  private readonly price: MarketPrice;
  private payable: string | null = null;
  private amount: DecimalString | null = null;
  private grant: TerminalUrlGrant | null = null;
  private readonly task: Task<Args, TerminalUrlGrant>;

  constructor(private readonly host: ModeHost) {
    this.price = new MarketPrice(host);
    this.task = new Task(host, {
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
      args: () => {
        const { convertTo, terminalDisplay, urlBack } = this.host.settings;
        return [this.host.client, this.payable, this.amount, convertTo, terminalDisplay === 'iframe', urlBack] as const;
      },
    });
  }

  derive(shared: View): View {
    const view = this.price.derive(shared);
    this.payable = this.price.payable;
    // The hosted terminal takes an amount in the currency paid; a fiat price is left to the terminal.
    this.amount = view.price && view.price.currency === view.selected?.currency ? this.price.amount : null;
    this.grant = null;
    if (view.error || !this.payable) return view;
    if (this.task.status === TaskStatus.ERROR) return { ...view, error: asTerminalError(this.task.error) };
    const grant = this.task.value;
    if (grant && !isHttpUrl(grant.url)) return { ...view, error: new TerminalError('unsafe_url', strings.errors.unsafe_url) };
    this.grant = grant ?? null;
    return view;
  }

  status(view: View): TerminalStatus {
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
