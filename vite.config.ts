// The single-file element builds for `<script src>` (lit and qrcode's encoder inside), minified, into dist/script/:
//   `vite build`              → coinspaid-terminal.min.js, an ES module: everything the first paint needs; the payment
//                               kit (address check, wallet URIs, QR encoder), each network's address check, the
//                               follow kit (status stream, settled screens), the modes loaded on first use and the
//                               translations are content-hashed chunks next to it, which import what they share with
//                               the entry from the entry itself;
//   `vite build --mode iife`  → coinspaid-terminal.iife.min.js, a classic script with every mode inside.
//   `vite build --mode bridge` → coinspaid-terminal-bridge.min.js: the iframe embed's child side (src/embed/child.ts),
//                               which the proxy's /embed page loads beside the element;
//   `vite build --mode embed`  → coinspaid-terminal-embed.min.js: its parent side (src/embed/parent.ts) as one ES
//                               module, for merchant pages without a bundler.
// `npm run build:script` runs all four; scripts/build.mjs runs it after tsc; `npm start` runs it so the demo serves the
// current source; `npm run size` (size-limit, .size-limit.json) holds the budget on the output. The browser tests
// start Vite from web-test-runner.config.mjs with configFile: false, so nothing here affects them.
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import { defineConfig, type Plugin } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

/**
 * `msg('…', { desc: '…' })`: the description is for translators (lit-localize extracts it into the XLIFF files) and
 * @lit/localize never reads it at run time, yet it would ship in the bundle — about 900 bytes of the first paint.
 * Dropped from the script builds (the ESM build in dist/ keeps the source as written).
 */
function dropTranslatorNotes(): Plugin {
  const NOTE = /,\s*\{\s*desc:\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*,?\s*\}/g;
  return {
    name: 'drop-translator-notes',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/element\/.*\.ts$/.test(id.replace(/\?.*$/, '')) || !code.includes('desc:')) return null;
      const out = new MagicString(code);
      for (const m of code.matchAll(NOTE)) out.remove(m.index, m.index + m[0].length);
      if (/\bdesc:/.test(out.toString()))
        this.error(`${id}: a msg() description this build does not recognise (keep it one string literal)`);
      return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
    },
  };
}

/**
 * The deposit check (src/core/address-validation/deposit.ts, in the payment kit) and each network's part of it
 * (deposit/*.ts, a chunk per network) share decoders, currency rules and tag checks with each other and with the
 * payout form's validators. Shared, those modules would become chunks of their own, each one more request (and, once
 * a network's check has loaded, one more round trip before the address can be checked). Instead each of these
 * modules gets its own copy of what it imports: one source, a copy per chunk in the build, each holding just what
 * that chunk uses. A module is copied by resolving it under an id of its own (`?copy=<chunk>`); a module that one of
 * them imports dynamically starts a copy of its own (it is loaded on its own).
 */
function depositCheckCopies(): Plugin {
  const ROOT = /\/src\/core\/address-validation\/(deposit(?:\/[\w-]+)?)\.ts$/;
  const name = (id: string) => ROOT.exec(id)?.[1]?.replace('/', '-');
  const keyOf = (importer: string) => /\?copy=([\w-]+)$/.exec(importer)?.[1] ?? name(importer);
  return {
    name: 'deposit-check-copies',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const key = importer && source.startsWith('.') ? keyOf(importer) : undefined;
      if (!key) return null;
      const resolved = await this.resolve(source, importer!.replace(/\?copy=[\w-]+$/, ''), { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const own = options.kind === 'dynamic-import' ? (name(resolved.id) ?? `lazy-${/([\w-]+)\.ts$/.exec(resolved.id)?.[1]}`) : key;
      return { ...resolved, id: `${resolved.id}?copy=${own}` };
    },
  };
}

const EMBED_ENTRIES: Record<string, { entry: string; file: string }> = {
  bridge: { entry: 'src/embed/child.ts', file: 'coinspaid-terminal-bridge.min.js' },
  embed: { entry: 'src/embed/parent.ts', file: 'coinspaid-terminal-embed.min.js' },
};

export default defineConfig(({ mode }) => {
  // The embed's two files are built one at a time: together, Vite would split their shared protocol into a chunk.
  const embed = EMBED_ENTRIES[mode];
  if (embed) {
    return {
      logLevel: 'warn',
      build: {
        outDir: 'dist/script',
        emptyOutDir: false,
        target: 'es2021',
        sourcemap: true,
        minify: true,
        rolldownOptions: { output: { minify: true } },
        lib: { entry: embed.entry, formats: ['es'], fileName: () => embed.file },
      },
    };
  }
  const iife = mode === 'iife';
  return {
    logLevel: 'warn',
    // The classic script would inline every locale module (it cannot load chunks): it gets an English-only loader.
    resolve: iife
      ? {
          alias: [
            {
              find: /^\.\/locale-loader\.js$/,
              replacement: fileURLToPath(new URL('src/element/locale-loader-classic.ts', import.meta.url)),
            },
          ],
        }
      : {},
    build: {
      outDir: 'dist/script',
      emptyOutDir: !iife,
      target: 'es2021',
      sourcemap: true,
      minify: true,
      rolldownOptions: iife
        ? // A classic script is decoded in the page's charset unless served with one: ASCII reads the same in all.
          { output: { minify: true, charset: 'ascii' } }
        : {
            // The script build is loaded for its side effect (defining the element); its exports are not an API.
            preserveEntrySignatures: false,
            output: {
              // Lib mode leaves whitespace in ES output unless the output itself is minified.
              minify: true,
              // Everything the entry imports statically is in the entry (one request for the first paint), and the
              // chunks import what they share with it from it, instead of common chunks the entry would fetch too.
              // (experimentalInlineCommonChunks did that by wrapping every module in a lazy initializer and
              // registering them in a runtime chunk: 1.8 KB gzip more for the first paint.)
              codeSplitting: { groups: [{ name: 'coinspaid-terminal', tags: ['$initial'] }] },
            },
          },
      lib: {
        entry: 'src/element/coinspaid-terminal.ts',
        name: 'CoinsPaidTerminal',
        formats: [iife ? 'iife' : 'es'],
        fileName: () => (iife ? 'coinspaid-terminal.iife.min.js' : 'coinspaid-terminal.min.js'),
      },
    },
    // Lit's html`` and css`` literals keep their source whitespace through the JS minifier; minifying them at build
    // time costs nothing at run time and takes about a kilobyte of CSS indentation out of the bundle.
    // (palette.styles.ts is a fragment of declarations, not a stylesheet the CSS minifier can parse.)
    plugins: [
      // One file: copies would only be duplicates.
      ...(iife ? [] : [depositCheckCopies()]),
      dropTranslatorNotes(),
      minifyTemplateLiterals({ include: ['src/**/*.ts'], exclude: ['src/element/palette.styles.ts'] }),
    ],
  };
});
