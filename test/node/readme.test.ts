import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain ES module script without types
import { measure, withTable } from '../../scripts/readme-sizes.mjs';

describe('README.md', () => {
  it('states the bundle sizes the build measures (npm run readme:sizes)', () => {
    assert.ok(existsSync('dist/script/coinspaid-terminal.min.js'), 'dist/script is built (npm test builds it first)');
    const readme = readFileSync('README.md', 'utf8');
    assert.equal(readme, withTable(readme, measure()), 'README.md sizes differ from size-limit: run npm run readme:sizes');
  });

  it('links only to what a reader of the package can open: anchors, the web, or files the package ships', () => {
    const readme = readFileSync('README.md', 'utf8');
    const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^(https?:|#|mailto:)/.test(target));
    assert.deepEqual(
      relative.filter((target) => !/^(LICENSE|package\.json|custom-elements\.json|dist\/)/.test(target)),
      [],
    );
  });
});
