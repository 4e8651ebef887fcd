/**
 * The translations of each target locale, one module each, loaded on first use: static `import()`s so that every
 * bundler (and `tsc`'s output) splits them into chunks of their own, and an English page loads none of them.
 * The classic-script build swaps this module for locale-loader-url.ts (vite.config.ts).
 */
import type { LocaleModule } from '@lit/localize';
import type { targetLocales } from './locale-codes.js';

export const loadLocale: (locale: (typeof targetLocales)[number]) => Promise<LocaleModule> = (locale) =>
  ({
    ar: () => import('./locales/ar.js'),
    de: () => import('./locales/de.js'),
    es: () => import('./locales/es.js'),
    fr: () => import('./locales/fr.js'),
    it: () => import('./locales/it.js'),
    ja: () => import('./locales/ja.js'),
    'pt-BR': () => import('./locales/pt-BR.js'),
    ru: () => import('./locales/ru.js'),
    tr: () => import('./locales/tr.js'),
    uk: () => import('./locales/uk.js'),
    'zh-CN': () => import('./locales/zh-CN.js'),
  })[locale]();
