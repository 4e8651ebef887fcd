import type { DecimalString } from '../../core/api-types.js';
import { formatDecimal } from '../../core/decimal-format.js';
import { activeLocale, isRtl } from '../localization.js';

/** Keeps a left-to-right value (an amount, a rate) in one piece inside right-to-left text (LRI … PDI). */
export function isolate(text: string): string {
  return isRtl(activeLocale()) ? `\u2066${text}\u2069` : text;
}

/** An amount and its code for a sentence ("0.0001 BTC"), isolated when the sentence runs right to left. */
export function amountIn(value: DecimalString, code: string, locale: string | undefined): string {
  return isolate(`${formatDecimal(value, locale)} ${code}`);
}
