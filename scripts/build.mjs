// `npm run build`: ESM + declarations for bundlers and Node (tsc → dist/), then the single-file script build
// for `<script src>` (Vite → dist/script/), with lit and the QR encoder inside.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

for (const format of ['es', 'iife']) {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist/script',
      emptyOutDir: false,
      target: 'es2021',
      sourcemap: true,
      lib: {
        entry: 'src/element/coinspaid-terminal.ts',
        name: 'CoinsPaidTerminal',
        formats: [format],
        fileName: () => (format === 'es' ? 'coinspaid-terminal.min.js' : 'coinspaid-terminal.iife.min.js'),
      },
    },
  });
}
console.log('built dist/ (ESM + types) and dist/script/ (single-file builds)');
