/**
 * locale-loader.ts for the classic-script build (`vite build --mode iife`, one file with every mode inside): that
 * build cannot load chunks, and inlining all eleven translations would nearly double it, so it is English only.
 * Pages that want another language load the module build (`coinspaid-terminal.min.js`), whose locales are chunks
 * of their own. A rejected load leaves the strings English (localization.ts).
 */
import type { LocaleModule } from '@lit/localize';

export const loadLocale = (): Promise<LocaleModule> => Promise.reject(new Error('The classic-script build is English only.'));
