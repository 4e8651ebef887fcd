// `npx vite build`: the single-file element bundle as `<script src>` users get it (lit, lean-qr and big.js inside),
// minified, into dist/size/ — and a size budget check. The published builds are made by scripts/build.mjs; the
// browser tests start Vite from web-test-runner.config.mjs with configFile: false, so nothing here affects them.
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The element's budget, min + gzip (issue 4): lit ≈ 5.8 KB, QR ≈ 2 KB, big.js ≈ 3 KB, the element the rest. */
const BUDGET_BYTES = 22 * 1024;

function sizeBudget(): Plugin {
  return {
    name: 'coinspaid-size-budget',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const gzip = gzipSync(file.code).length;
        this.info(`${file.fileName}: ${file.code.length} B min, ${gzip} B gzip (budget ${BUDGET_BYTES} B)`);
        if (gzip > BUDGET_BYTES) this.error(`${file.fileName} is ${gzip} B gzip, over the ${BUDGET_BYTES} B budget`);
      }
    },
  };
}

export default defineConfig({
  logLevel: 'info',
  build: {
    outDir: 'dist/size',
    emptyOutDir: true,
    target: 'es2021',
    minify: true,
    // Lib mode leaves whitespace in ES output unless the output itself is minified.
    rolldownOptions: { output: { minify: true } },
    lib: { entry: 'src/element/coinspaid-terminal.ts', formats: ['es'], fileName: () => 'coinspaid-terminal.min.js' },
  },
  plugins: [sizeBudget()],
});
