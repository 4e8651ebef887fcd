// Every locale module has exactly the messages of the source: lit-localize's analysis of the element's msg() calls
// gives the ids; each xliff/<locale>.xlf must translate every one of them (a missing <target> would silently fall
// back to English in the generated module) and src/element/locales/<locale>.ts must hold the same ids, no more.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';
import type { RuntimeOutputConfig } from '@lit/localize-tools/lib/types/modes.js';
import { allLocales, sourceLocale, targetLocales } from '../../src/element/locale-codes.js';

const config = readConfigFileAndWriteSchema('lit-localize.json');
const localizer = new RuntimeLitLocalizer({ ...config, output: config.output as RuntimeOutputConfig });
const { messages, errors } = localizer.extractSourceMessages();
const sourceIds = [...new Set(messages.map((m) => m.name))].sort();

describe('locales', () => {
  it('the source analyses cleanly and has messages', () => {
    assert.deepEqual(errors, []);
    assert.ok(sourceIds.length > 100, `only ${sourceIds.length} messages`);
  });

  it('lit-localize.json and locale-codes.ts agree: en plus at least 11 locales', () => {
    assert.equal(sourceLocale, config.sourceLocale);
    assert.deepEqual([...targetLocales], [...config.targetLocales].sort());
    for (const locale of ['de', 'es', 'fr', 'it', 'pt-BR', 'ru', 'uk', 'tr', 'ja', 'zh-CN', 'ar'])
      assert.ok((allLocales as readonly string[]).includes(locale), locale);
  });

  for (const locale of targetLocales) {
    it(`${locale}: every source message translated, none extra (xliff and module)`, async () => {
      const xliff = readFileSync(`xliff/${locale}.xlf`, 'utf8');
      const units = [...xliff.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)];
      assert.deepEqual(units.map((u) => u[1]).sort(), sourceIds, 'xliff ids');
      const untranslated = units.filter((u) => !/<target>[\s\S]*?\S[\s\S]*?<\/target>/.test(u[2]!)).map((u) => u[1]);
      assert.deepEqual(untranslated, [], 'units without a <target>');
      const { templates } = (await import(`../../src/element/locales/${locale}.js`)) as { templates: Record<string, unknown> };
      assert.deepEqual(Object.keys(templates).sort(), sourceIds, 'module ids');
    });
  }

  it('plural messages list the forms of their language', async () => {
    const forms = async (locale: string) => {
      const { templates } = (await import(`../../src/element/locales/${locale}.js`)) as { templates: Record<string, unknown> };
      return Object.values(templates).filter((t): t is string => typeof t === 'string' && /^(zero|one) \{/.test(t));
    };
    for (const locale of ['ru', 'uk'])
      for (const text of await forms(locale)) assert.match(text, /one \{.*\} few \{.*\} many \{.*\} other \{/, locale);
    for (const text of await forms('ar')) assert.match(text, /zero \{.*\} one \{.*\} two \{.*\} few \{.*\} many \{.*\} other \{/);
  });
});
