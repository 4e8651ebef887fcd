// Regenerates the element's locale modules (src/element/locales/<locale>.ts) and locale-codes.ts from the
// translations in xliff/ with lit-localize (lit-localize.json), then makes each module self-contained: the `str` tag
// is defined in the module instead of imported from @lit/localize, so that a locale chunk shares no code with the
// element's bundle (no bundler glue in the first paint, nothing to import when it loads).
//
//   node scripts/localize.mjs extract   → xliff/<locale>.xlf gets new source messages (translate their <target>)
//   node scripts/localize.mjs build     → src/element/locales/*.ts
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const command = process.argv[2] ?? 'build';
execFileSync('npx', ['lit-localize', command], { stdio: 'inherit' });

if (command === 'build') {
  const dir = 'src/element/locales';
  for (const file of readdirSync(dir)) {
    const path = `${dir}/${file}`;
    const text = readFileSync(path, 'utf8')
      .replace(
        "import {str} from '@lit/localize';",
        '// The str tag of @lit/localize (internal/str-tag.js), local so that this module imports nothing.\n' +
          'const str = (strings: TemplateStringsArray, ...values: number[]) => ({ strTag: true as const, strings, values });',
      )
      // Only used where a translation has a no-break space (French punctuation): lit-localize adds it everywhere.
      .replace('/* eslint-disable @typescript-eslint/no-explicit-any */\n', '')
      .replace(/^ {4}/gm, '');
    writeFileSync(path, /[\u00a0\u202f]/.test(text) ? text : text.replace('/* eslint-disable no-irregular-whitespace */\n', ''));
  }
}
