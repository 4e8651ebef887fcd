/**
 * The element's language: @lit/localize in runtime mode, with English built in and each other locale loaded on
 * first use (locale-loader.ts).
 *
 * @lit/localize keeps ONE active locale per page (per copy of the library): every `<coinspaid-terminal>` on a page
 * shows the same language. An element asks for its language when it first renders and whenever its `lang` (own,
 * an ancestor's or the page's) resolves to a different locale; when elements ask for different languages, the last
 * request wins. Numbers, amounts and dates still follow each element's own `lang` (they go through `Intl`).
 */
import { configureLocalization } from '@lit/localize/init/runtime.js';
import { loadLocale } from './locale-loader.js';
import { allLocales, sourceLocale, targetLocales } from './locale-codes.js';

export type Locale = (typeof allLocales)[number];

/** @lit/localize's controls, once configured (on the first request: nothing runs when this module is imported). */
let control: ReturnType<typeof configureLocalization> | null | undefined;

function configured(): ReturnType<typeof configureLocalization> | null {
  if (control === undefined) {
    try {
      control = configureLocalization({
        sourceLocale,
        targetLocales,
        loadLocale: (locale) => loadLocale(locale as (typeof targetLocales)[number]),
      });
    } catch {
      // This copy of @lit/localize was configured already (an app bundling the same copy for its own strings): its
      // configuration decides, and strings it has no translation for stay English.
      control = null;
    }
  }
  return control;
}

/** The locale whose strings `msg()` returns now (the requested one once it has loaded). */
export const activeLocale = (): string => control?.getLocale() ?? sourceLocale;

/** Whether a locale is written right to left. */
export const isRtl = (locale: string): boolean => locale === 'ar';

/**
 * A tag Intl accepts for a page's `lang`: `en_US` (common in the wild, but not BCP 47) as `en-US`; one Intl refuses
 * as undefined (the browser's own formats). Intl throws on an invalid tag, and a widget must never stop on one.
 */
export function intlLocale(tag: string | undefined): string | undefined {
  if (!tag?.trim()) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** The best of our locales for a BCP 47 tag: exact, else by language (pt-PT → pt-BR, zh-TW → zh-CN), else English. */
export function matchLocale(tag: string | undefined): Locale {
  const wanted = (intlLocale(tag) ?? '').toLowerCase();
  const language = (code: string) => code.split('-')[0];
  return (
    allLocales.find((l) => l.toLowerCase() === wanted) ??
    allLocales.find((l) => language(l.toLowerCase()) === language(wanted)) ??
    sourceLocale
  );
}

/**
 * Makes `locale` the page's active locale, loading it if needed. A failed load (offline) leaves the strings as they
 * are; the next request for another locale tries again.
 */
export function requestLocale(locale: Locale): void {
  configured()
    ?.setLocale(locale)
    .catch(() => {});
}

/** The element whose shadow root holds `el`; null at the top of a document or of a detached tree. */
function shadowHost(el: Element): Element | null {
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The language of a node: the closest `lang` up the tree, crossing shadow roots up to the page's `<html lang>`. */
export function langOf(node: Element): string | undefined {
  for (let el: Element | null = node; el; el = el.parentElement ?? shadowHost(el)) {
    const lang = el.getAttribute('lang');
    if (lang) return lang;
  }
  return undefined;
}
