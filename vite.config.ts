// `npx vite build`: the single-file element builds for `<script src>` (lit, lean-qr and big.js inside), minified, into
// dist/script/ — an ES module and a classic IIFE. scripts/build.mjs runs it after tsc; `npm start` runs it so the demo
// always serves the current source; `npm run size` (size-limit, .size-limit.json) holds the budget on its output.
// The browser tests start Vite from web-test-runner.config.mjs with configFile: false, so nothing here affects them.
import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: 'dist/script',
    emptyOutDir: true,
    target: 'es2021',
    sourcemap: true,
    minify: true,
    // Lib mode leaves whitespace in ES output unless the output itself is minified.
    rolldownOptions: { output: { minify: true } },
    lib: {
      entry: 'src/element/coinspaid-terminal.ts',
      name: 'CoinsPaidTerminal',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'coinspaid-terminal.min.js' : 'coinspaid-terminal.iife.min.js'),
    },
  },
  // Lit's html`` and css`` literals keep their source whitespace through the JS minifier; minifying them at build time
  // costs nothing at run time and takes about a kilobyte of CSS indentation out of the bundle.
  plugins: [minifyTemplateLiterals({ include: ['src/**/*.ts'] })],
});
