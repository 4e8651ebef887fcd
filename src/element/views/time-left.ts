/**
 * The time left to pay, as the live region says it at the marks `countdownMark` picks ("4 minutes left to pay. Pay
 * by 14:32"). Only a customer who sees where to pay is told how long is left: this loads with the follow kit
 * (follow-kit.ts), once the address has been painted, not with the first paint.
 */
import { msg } from '@lit/localize/init/install.js';
import { activeLocale } from '../localization.js';
import { strings } from '../strings.js';
import { clockTime } from './parts.js';

/**
 * Picks the plural form for `n` from an ICU-style list (`one {# minute} other {# minutes}`) by the CLDR plural
 * category of the active locale, whose forms the translation lists; `#` is the number.
 */
export function plural(n: number, forms: string): string {
  const locale = activeLocale();
  const pick = (category: string) => forms.match(new RegExp(`(?:^|\\s)${category} \\{([^}]*)\\}`))?.[1];
  return (pick(new Intl.PluralRules(locale).select(n)) ?? pick('other') ?? '').replace('#', n.toLocaleString(locale));
}

export const timeLeftStrings = {
  minutesLeft: (n: number) =>
    plural(
      n,
      msg('one {# minute left to pay.} other {# minutes left to pay.}', {
        desc: 'Plural: a form per CLDR category of your language (zero, one, two, few, many, other); # is the number.',
      }),
    ),
  secondsLeft: (n: number) =>
    plural(
      n,
      msg('one {# second left to pay.} other {# seconds left to pay.}', {
        desc: 'Plural: a form per CLDR category of your language (zero, one, two, few, many, other); # is the number.',
      }),
    ),
};

/**
 * The moment worth announcing between two readings of a countdown, in seconds left, or null. Adyen's model: every
 * 3 minutes while more than 5 remain, every minute from 5 to 1, every 30 seconds in the last minute. The end is
 * announced by whoever handles it, once. Robust to skipped ticks: it finds the latest mark crossed.
 */
export function countdownMark(previousSeconds: number, currentSeconds: number): number | null {
  const bands: ReadonlyArray<readonly [above: number, upTo: number, step: number]> = [
    [300, Number.POSITIVE_INFINITY, 180],
    [60, 300, 60],
    [0, 60, 30],
  ];
  let mark: number | null = null;
  for (const [above, upTo, step] of bands) {
    const candidate = Math.ceil(Math.max(currentSeconds, above + 1) / step) * step;
    if (candidate <= Math.min(previousSeconds - 1, upTo)) mark = Math.min(mark ?? candidate, candidate);
  }
  return mark;
}

/**
 * What to announce as the time to pay goes from `previousSeconds` to `seconds` left, with the deadline `end` as a
 * clock time; null between marks.
 */
export function timeLeftAnnouncement(
  previousSeconds: number,
  seconds: number,
  end: number | null,
  locale: string | undefined,
): string | null {
  const mark = countdownMark(previousSeconds, seconds);
  if (mark === null) return null;
  const left = mark >= 60 ? timeLeftStrings.minutesLeft(Math.round(mark / 60)) : timeLeftStrings.secondsLeft(mark);
  return end ? `${left} ${strings.payBy(clockTime(end, locale))}` : left;
}
