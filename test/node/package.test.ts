/**
 * What `npm pack` ships, read from `npm pack --dry-run --json` over the built dist/ (`npm test` builds first; run
 * `npm run build` before this file alone): every entry point of package.json "exports" with its type declarations,
 * custom-elements.json and README, nothing from the repository's sources, tests or demos (nor the `npm start` demo
 * server); source maps whose sources a debugger can open; a `sideEffects` list a bundler can trust; and the built
 * entry points importing and server-rendering in Node by the package's name.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { assertBuilt } from '../helpers/built.js';

const run = promisify(execFile);

interface PackageJson {
  name: string;
  files: string[];
  exports: Record<string, string | { types: string; default: string }>;
  sideEffects: string[];
  customElements: string;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const built = [
  'dist/element/index.js',
  'dist/server/index.js',
  'dist/react/index.js',
  'dist/script/coinspaid-terminal.min.js',
  'custom-elements.json',
];

/** A `sideEffects` entry as a RegExp over packed paths (`./dist/script/*`: one directory level). */
function pattern(entry: string): RegExp {
  const escaped = entry.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '[^/]*')}$`);
}

describe('npm pack', () => {
  let files: string[];

  before(async () => {
    assertBuilt(built);
    // --ignore-scripts: prepack would run the whole build again; this test reads the build npm test just made.
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { maxBuffer: 16 * 1024 * 1024 });
    const [report] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
    files = report!.files.map((f) => f.path);
  });

  it('ships the element, the server, the React wrapper and the script builds, each with its type declarations', () => {
    for (const dir of ['dist/element', 'dist/server', 'dist/react']) {
      assert.ok(files.includes(`${dir}/index.js`), `${dir}/index.js`);
      assert.ok(files.includes(`${dir}/index.d.ts`), `${dir}/index.d.ts`);
    }
    assert.ok(files.includes('dist/element/coinspaid-terminal.component.d.ts'));
    assert.ok(files.includes('dist/element/events.d.ts'));
    assert.ok(files.includes('dist/script/coinspaid-terminal.min.js'));
    assert.ok(files.includes('dist/script/coinspaid-terminal.iife.min.js'));
    assert.ok(
      files.some((f) => /^dist\/script\/payment-kit-[\w-]+\.js$/.test(f)),
      'the payment kit (arithmetic, URIs, QR) loaded after the first paint',
    );
    for (const file of ['custom-elements.json', 'README.md', 'package.json']) assert.ok(files.includes(file), file);
  });

  it('ships a file for every entry of "exports", and the types of every module entry', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const targets = typeof target === 'string' ? [target] : [target.default, target.types];
      for (const path of targets) assert.ok(files.includes(path.replace(/^\.\//, '')), `exports["${entry}"] → ${path} is packed`);
    }
    assert.deepEqual(pkg.exports['./react'], { types: './dist/react/index.d.ts', default: './dist/react/index.js' });
    assert.equal(pkg.customElements, 'custom-elements.json');
  });

  it('ships nothing from the repository around the package', () => {
    const strays = files.filter((f) => !/^(dist\/|custom-elements\.json$|README\.md$|package\.json$|LICENSE)/.test(f));
    assert.deepEqual(strays, []);
    assert.ok(!files.some((f) => f.startsWith('dist/') && f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources');
  });

  it('ships no demo server: `npm start` (demo/server/) stays in the repository', () => {
    const demoish = files.filter((f) => /(^|\/)(main|demo[\w-]*|pages|apps)\.(js|d\.ts)$/.test(f) && !f.startsWith('dist/script/'));
    assert.deepEqual(demoish, []);
    // Nothing packed reads the demo's files or mints demo tokens: from an installed package those would answer 500.
    for (const file of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      const text = readFileSync(file, 'utf8');
      for (const marker of ['demo/index.html', 'demo/spa/dist', 'createDemoPages', 'demo-customer:'])
        assert.ok(!text.includes(marker), `${file} mentions ${marker}`);
    }
    // The library's wiring of sandbox, client and proxy ships; the demo's composition does not.
    assert.ok(files.includes('dist/server/app.js'));
  });

  it('ships only source maps whose sources a debugger can open: in the package or inside the map', () => {
    const maps = files.filter((f) => f.endsWith('.map'));
    assert.ok(maps.length > 0, 'the minified script builds carry maps');
    assert.deepEqual(
      maps.filter((f) => !f.startsWith('dist/script/')),
      [],
      "tsc's readable output ships without maps (tsconfig.build.json)",
    );
    for (const map of maps) {
      const {
        sources,
        sourcesContent = [],
        sourceRoot = '',
      } = JSON.parse(readFileSync(map, 'utf8')) as {
        sources: string[];
        sourcesContent?: Array<string | null>;
        sourceRoot?: string;
      };
      assert.ok(sources.length > 0, `${map} names its sources`);
      sources.forEach((source, i) => {
        const packed = posix.normalize(posix.join(posix.dirname(map), sourceRoot, source));
        assert.ok(files.includes(packed) || typeof sourcesContent[i] === 'string', `${map}: ${source} is neither packed nor inlined`);
      });
    }
    for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const mapUrl = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'))?.[1];
      if (mapUrl && !mapUrl.startsWith('data:'))
        assert.ok(files.includes(posix.join(posix.dirname(file), mapUrl)), `${file} points at ${mapUrl}, which is not packed`);
    }
  });

  it('"sideEffects" names the modules that define elements, and only those: the rest tree-shakes', () => {
    const flagged = (file: string) => pkg.sideEffects.some((entry) => pattern(entry).test(file));
    for (const entry of pkg.sideEffects)
      assert.ok(
        files.some((f) => pattern(entry).test(f)),
        `sideEffects entry ${entry} matches a packed file`,
      );
    // Modules whose top level calls customElements.define (or defineOnce) must be kept by a bundler even when nothing is imported
    // from them (`import 'coinspaid-terminal'`).
    const defining = files.filter(
      (f) =>
        f.startsWith('dist/') &&
        !f.startsWith('dist/script/') &&
        f.endsWith('.js') &&
        /^(?:if \(typeof customElements|if \(!customElements|defineOnce\()/m.test(readFileSync(f, 'utf8')),
    );
    assert.ok(defining.includes('dist/element/coinspaid-terminal.js'));
    for (const file of defining.filter((f) => f !== 'dist/react/index.js'))
      assert.ok(flagged(file), `${file} defines an element: it needs a sideEffects entry`);
    assert.ok(flagged('dist/element/index.js'), "the package's main entry defines the element");
    // Pure modules stay droppable: the wrapper (whose define by reference runs only when its export is used), the
    // events, the server.
    for (const file of [
      'dist/react/index.js',
      'dist/element/events.js',
      'dist/element/proxy-client.js',
      'dist/server/index.js',
      'dist/core/wallet-uri.js',
    ]) {
      assert.ok(!flagged(file), `${file} is side-effect free`);
    }
  });

  it('declares react as an optional peer', () => {
    assert.ok(pkg.peerDependencies?.['react'], 'react is a peer dependency');
    assert.equal(pkg.peerDependenciesMeta?.['react']?.optional, true);
  });

  it('resolves by its own name in Node, and the built React wrapper renders on the server', async () => {
    const script = [
      `const element = await import('${pkg.name}');`,
      `const { CoinsPaidTerminal } = await import('${pkg.name}/react');`,
      `const server = await import('${pkg.name}/server');`,
      "const { createElement } = await import('react');",
      "const { renderToString } = await import('react-dom/server');",
      "const html = renderToString(createElement(CoinsPaidTerminal, { proxy: '/coinspaid', token: 't', lang: 'de' }));",
      'process.stdout.write(JSON.stringify({ element: typeof element.CoinsPaidTerminal, server: typeof server.createTerminalProxy, html }));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    const result = JSON.parse(stdout) as { element: string; server: string; html: string };
    assert.equal(result.element, 'function');
    assert.equal(result.server, 'function');
    assert.equal(result.html, '<coinspaid-terminal lang="de"></coinspaid-terminal>');
  });
});
