import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/** `npx coinspaid-terminal` resolves to the package's own compiled bin: JavaScript under dist/, run by node, no tsx. */

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
};

describe('the coinspaid-terminal bin', () => {
  it('is declared as compiled JavaScript under dist/, which the package ships', () => {
    assert.deepEqual(Object.keys(pkg.bin), ['coinspaid-terminal']);
    assert.equal(pkg.bin['coinspaid-terminal'], './dist/server/service/bin.js');
    assert.ok(pkg.files.includes('dist'));
  });

  it('starts with a node shebang, kept by tsc, and imports nothing the installed package lacks', () => {
    const source = readFileSync('src/server/service/bin.ts', 'utf8');
    assert.match(source, /^#!\/usr\/bin\/env node\n/);
    for (const runtime of ['pino', 'prom-client', 'standardwebhooks', 'ioredis', 'hono', '@hono/node-server'])
      assert.ok(pkg.dependencies[runtime], `${runtime} is a runtime dependency`);
    for (const file of ['bin', 'service', 'logging', 'metrics'].map((f) => `src/server/service/${f}.ts`))
      assert.doesNotMatch(readFileSync(file, 'utf8'), /from '(tsx|\.\.\/\.\.\/\.\.\/demo)/, file);
    const built = pkg.bin['coinspaid-terminal']!;
    if (existsSync(built)) assert.match(readFileSync(built, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });
});
