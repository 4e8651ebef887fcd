// The README's table of bundle sizes, made from `size-limit --json` (the build's own measurement), never typed by
// hand. `npm run readme:sizes` rewrites the table between its markers; test/node/readme.test.ts fails when the
// README no longer says what the build measures.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export const START = '<!-- sizes:start (npm run readme:sizes) -->';
export const END = '<!-- sizes:end -->';

/** size-limit's measurements of the current dist/script (run `npm run build:script` first). */
export function measure() {
  const json = execFileSync(process.execPath, ['node_modules/size-limit/bin.js', '--json'], { encoding: 'utf8' });
  return JSON.parse(json);
}

/** kB as size-limit prints them: 1 kB = 1,000 bytes, one decimal. */
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

export function table(results) {
  // Markdown would read `<script …>` in a budget's name as HTML.
  const text = (name) => name.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
  const rows = results.map((r) => `| ${text(r.name)} | ${kb(r.size)} | ${kb(r.sizeLimit)} |`);
  return ['| what the browser downloads (min + gzip) | size | budget |', '| --- | --- | --- |', ...rows].join('\n');
}

export function withTable(readme, results) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${table(results)}\n${readme.slice(end)}`;
}

if (process.argv.includes('--write')) {
  writeFileSync('README.md', withTable(readFileSync('README.md', 'utf8'), measure()));
  console.log('README.md: sizes table updated from size-limit');
}
