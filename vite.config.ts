// The single-file element builds for `<script src>` (lit, lean-qr and big.js inside), minified, into dist/script/:
//   `vite build`              → coinspaid-terminal.min.js, an ES module; the modes loaded on first use (invoice,
//                               futures, payout address) are chunks next to it, everything else is in the entry;
//   `vite build --mode iife`  → coinspaid-terminal.iife.min.js, a classic script with every mode inside.
// `npm run build:script` runs both; scripts/build.mjs runs it after tsc; `npm start` runs it so the demo serves the
// current source; `npm run size` (size-limit, .size-limit.json) holds the budget on the output. The browser tests
// start Vite from web-test-runner.config.mjs with configFile: false, so nothing here affects them.
import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    logLevel: 'warn',
    build: {
      outDir: 'dist/script',
      emptyOutDir: !iife,
      target: 'es2021',
      sourcemap: true,
      minify: true,
      rolldownOptions: iife
        ? { output: { minify: true } }
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
    plugins: [minifyTemplateLiterals({ include: ['src/**/*.ts'] })],
  };
});
