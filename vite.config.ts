// The single-file element builds for `<script src>` (lit, lean-qr and big.js inside), minified, into dist/script/:
//   `vite build`              → coinspaid-terminal.min.js, an ES module; the modes loaded on first use (invoice,
//                               futures, payout address) are chunks next to it, everything else is in the entry;
//   `vite build --mode iife`  → coinspaid-terminal.iife.min.js, a classic script with every mode inside.
//   `vite build --mode bridge` → coinspaid-terminal-bridge.min.js: the iframe embed's child side (src/embed/child.ts),
//                               which the proxy's /embed page loads beside the element;
//   `vite build --mode embed`  → coinspaid-terminal-embed.min.js: its parent side (src/embed/parent.ts) as one ES
//                               module, for merchant pages without a bundler.
// `npm run build:script` runs all four; scripts/build.mjs runs it after tsc; `npm start` runs it so the demo serves the
// current source; `npm run size` (size-limit, .size-limit.json) holds the budget on the output. The browser tests
// start Vite from web-test-runner.config.mjs with configFile: false, so nothing here affects them.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

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
              // Code shared by the entry and the lazy modes stays in the entry (one request for the first paint)
              // instead of becoming common chunks the entry would have to fetch too.
              codeSplitting: { experimentalInlineCommonChunks: { maxSize: Infinity } },
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
    plugins: [minifyTemplateLiterals({ include: ['src/**/*.ts'], exclude: ['src/element/palette.styles.ts'] })],
  };
});
