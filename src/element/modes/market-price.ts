import { initialState, Task, TaskStatus } from '@lit/task';
import type { DecimalString } from '../../core/api-types.js';
import { compareDecimal, cryptoForFiat, toPrecision } from '../../core/decimal.js';
import { trimDecimal } from '../../core/decimal-format.js';
import type { OrderSettlement, RateQuote, WidgetCurrency } from '../../core/wire.js';
import { CountdownController } from '../controllers/countdown-controller.js';
import { asTerminalError, TerminalError } from '../errors.js';
import { RateUpdatedEvent, type TerminalStatus } from '../events.js';
import { strings } from '../strings.js';
import type { View } from '../view.js';
import { remainderIn } from '../views/parts.js';
import type { ModeHost } from './mode.js';

/** Retry a stale (or clock-skewed) rate after this long rather than at once. */
const STALE_RETRY_MS = 30_000;
const SKEW_RETRY_MS = 10_000;

/**
 * The amount to ask in the chosen currency, as the address and terminal modes price: the merchant's price converted
 * at the proxy's rate (asked again when its fix period ends), or taken as it is when it is in that currency, and
 * never under the currency's minimum deposit.
 */
export class MarketPrice {
  /** The rate the amount was made with (none when the price is in the currency paid). */
  quote: RateQuote | null = null;
  /** The crypto amount to ask, rounded up to the currency's precision; null without a price. */
  amount: DecimalString | null = null;
  minimum: DecimalString | null = null;
  /** The currency an address (or terminal link) may be asked for: chosen, its amount known and above the minimum. */
  payable: string | null = null;
  /** The rate's fix period. */
  readonly countdown: CountdownController;

  private from: string | null = null;
  private to: string | null = null;
  private round = 0;
  private reported: RateQuote | null = null;
  private readonly task: Task<readonly [ModeHost['client'], string | null, string | null, number], RateQuote>;

  constructor(private readonly host: ModeHost) {
    this.countdown = new CountdownController(host, { onEnd: () => this.round++ });
    this.task = new Task(host, {
      task: ([client, from, to], { signal }) => (client && from && to ? client.rate(from, to, signal) : initialState),
      args: () => [this.host.client, this.from, this.to, this.round] as const,
      onComplete: (quote) => this.startCountdown(quote),
    });
  }

  /** A new rate is on its way (the previous one's window ended). */
  get refreshing(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  /** Prices the view's chosen currency; the view comes back with an error, or as it was. */
  derive(view: View): View {
    this.from = this.to = this.quote = this.amount = this.minimum = this.payable = null;
    const { config, selected, price } = view;
    if (view.error || !config || !selected) return view;

    const convertTo = this.host.settings.convertTo ?? config.checkout.convert_to;
    const pair = convertTo ? config.pairs.find((p) => p.from === selected.currency && p.to === convertTo) : undefined;
    this.minimum = pair?.min_amount_deposit_with_exchange ?? selected.min_amount;
    if (price && price.currency !== selected.currency) {
      this.from = selected.currency;
      this.to = price.currency;
      const quote = this.task.value;
      if (quote && quote.from === selected.currency && quote.to === price.currency) {
        this.quote = quote;
        this.amount = cryptoForFiat(price.amount, quote.price, selected.precision);
      } else if (this.task.status === TaskStatus.ERROR) {
        return { ...view, error: asTerminalError(this.task.error) };
      } else {
        return view; // waiting for the first rate
      }
    } else if (price) {
      this.amount = toPrecision(price.amount, selected.precision, 'up');
    }
    if (this.amount && this.minimum && compareDecimal(this.amount, this.minimum) < 0) {
      const detail = strings.belowMinimumDetail(
        `${trimDecimal(this.amount)} ${selected.currency}`,
        `${trimDecimal(this.minimum)} ${selected.currency}`,
      );
      return {
        ...view,
        error: new TerminalError('amount_below_minimum', `${strings.errors.amount_below_minimum} ${detail}`, { amount: detail }),
      };
    }
    this.payable = selected.currency;
    return view;
  }

  /**
   * What is still to send in `currency` once part has arrived: the proxy's remainder in the price's currency at the
   * live rate (the amount follows the rate, as the full amount did), else the proxy's own figure. Null when the rest
   * cannot be asked for (too small to send, or unknown).
   */
  remainder(settlement: OrderSettlement, currency: WidgetCurrency): DecimalString | null {
    const { remaining } = settlement;
    if (!remaining || settlement.remaining_below_minimum) return null;
    if (remaining.currency === currency.currency) return remaining.amount;
    const quote = this.quote;
    if (quote && quote.from === currency.currency && quote.to === remaining.currency)
      return cryptoForFiat(remaining.amount, quote.price, currency.precision);
    return remainderIn(settlement, currency.currency);
  }

  /** Fires `coinspaid-rate-updated` for a rate not reported yet. */
  updated(view: View): void {
    if (this.quote && this.quote !== this.reported && this.amount && view.selected) {
      this.reported = this.quote;
      this.host.dispatch(new RateUpdatedEvent({ quote: this.quote, amount: this.amount, currency: view.selected.currency }));
    }
  }

  /** The rate stops following the market once the payment is final, the time is up, or the currency is chosen again. */
  statusChanged(status: TerminalStatus): void {
    if (status === 'confirmed' || status === 'expired' || status === 'choosing') this.countdown.stop();
  }

  retry(): void {
    if (this.task.status === TaskStatus.ERROR) void this.task.run();
  }

  private startCountdown(quote: RateQuote): void {
    const now = Date.now();
    let deadline = quote.ts_release * 1000;
    // A stale rate is retried later, not in a loop; a deadline already past (a clock behind or ahead of the
    // proxy's) is retried shortly; never wait longer than one fix period.
    if (quote.stale) deadline = now + STALE_RETRY_MS;
    else if (deadline <= now) deadline = now + SKEW_RETRY_MS;
    const period = Math.max(quote.fix_period, 1) * 1000;
    deadline = Math.min(deadline, now + Math.max(period, STALE_RETRY_MS));
    this.countdown.start(deadline, quote.stale ? STALE_RETRY_MS : period);
  }
}
