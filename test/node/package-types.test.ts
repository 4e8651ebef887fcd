/**
 * The package's type declarations as a merchant's TypeScript meets them: the packed tarball (`npm pack` over the dist/
 * that `npm test` built) unpacked into a consumer project beside the package's own dependencies, and a file importing
 * every entry point compiled with `skipLibCheck: false` under moduleResolution `bundler`, `node16` and `node` (node10,
 * which reads `typesVersions` instead of `exports`). Also the package's links to its repository.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

const run = promisify(execFile);

interface PackageJson {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies: Record<string, string>;
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: { url: string };
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const REPOSITORY = 'https://github.com/coinspaid-terminal/coinspaid-terminal';
const skip = !existsSync('dist/server/index.d.ts') && 'not built: run `npm run build` first (npm test does)';

/** Uses every entry point's types the way a merchant's code would. */
const CONSUMER = `import 'coinspaid-terminal';
import type { PaidEvent } from 'coinspaid-terminal';
import { CoinsPaidTerminal } from 'coinspaid-terminal/react';
import { mountTerminalFrame } from 'coinspaid-terminal/embed';
import { createCheckoutToken, createSandbox, createTerminalProxy, toNodeHandler, type CallbackHandler } from 'coinspaid-terminal/server';

const onCallback: CallbackHandler = (_payload, { settlement }) => {
  if (settlement?.status === 'paid') console.log(settlement.order_id);
};
const proxy = createTerminalProxy({ apiKey: 'k', apiSecret: 's', tokenSecret: 'x'.repeat(32), allowedOrigins: [], terminalClientId: 1, onCallback });
export const handlers = [toNodeHandler(proxy), toNodeHandler(createSandbox())];
export const token: Promise<string> = createCheckoutToken('x'.repeat(32), { foreign_id: 'customer:1' });
export const status = (event: PaidEvent) => event.detail.settlement.status;
export { CoinsPaidTerminal, mountTerminalFrame };
`;

/** moduleResolution → the module setting it goes with; node10 as `tsc --init` writes it (esModuleInterop on). */
const SETTINGS: Record<string, Record<string, unknown>> = {
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  node: { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true },
};

describe('the type declarations in a consumer project', { skip }, () => {
  let project: string;

  before(async () => {
    project = await mkdtemp(join(tmpdir(), 'coinspaid-types-'));
    // --ignore-scripts: prepack would build again; npm test has just built.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = join(project, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
    const installed = join(project, 'node_modules', 'coinspaid-terminal');
    await mkdir(installed, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    // What npm would install beside it: its dependencies, nothing else of this repository's (so a type package the
    // declarations need but the package does not depend on is missing here too), plus what the consumer brings.
    for (const name of [...Object.keys(pkg.dependencies), 'react', '@types/react', '@types/node']) {
      const link = join(project, 'node_modules', name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(resolve('node_modules', name), link, 'dir');
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await writeFile(join(project, 'index.ts'), CONSUMER);
  });

  after(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('compiles with skipLibCheck: false under moduleResolution bundler, node16 and node (node10)', async () => {
    const results = await Promise.all(
      Object.entries(SETTINGS).map(async ([name, settings]) => {
        const config = join(project, `tsconfig.${name}.json`);
        const compilerOptions = {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
          ...settings,
        };
        await writeFile(config, JSON.stringify({ compilerOptions, files: ['index.ts'] }));
        try {
          await run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', config], {
            cwd: project,
            maxBuffer: 4 * 1024 * 1024,
          });
          return [name, ''];
        } catch (error) {
          return [name, (error as { stdout?: string }).stdout || String(error)];
        }
      }),
    );
    assert.deepEqual(Object.fromEntries(results), { bundler: '', node16: '', node: '' });
  });
});

describe('package.json', () => {
  it('maps every typed subpath export for TypeScript that ignores "exports" (typesVersions)', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (entry === '.' || typeof target === 'string') continue;
      assert.deepEqual(pkg.typesVersions?.['*']?.[entry.replace(/^\.\//, '')], [target.types], `typesVersions for ${entry}`);
    }
  });

  it('links to the repository, its home page and its issues', () => {
    assert.deepEqual(pkg.repository, { type: 'git', url: `git+${REPOSITORY}.git` });
    assert.equal(pkg.homepage, `${REPOSITORY}#readme`);
    assert.deepEqual(pkg.bugs, { url: `${REPOSITORY}/issues` });
  });
});
