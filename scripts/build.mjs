// `npm run build`: ESM + declarations for bundlers and Node (tsc → dist/: the element, the React wrapper, the server),
// the custom elements manifest, then the single-file script builds for
// `<script src>` (Vite with vite.config.ts → dist/script/), with lit and the QR encoder inside.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
// custom-elements.json (custom-elements-manifest.config.mjs), shipped in the package next to dist/.
execFileSync(
  process.execPath,
  ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs'],
  { stdio: 'inherit' },
);
await build({ configFile: 'vite.config.ts' });
await build({ configFile: 'vite.config.ts', mode: 'iife' });
// The iframe embed: the bridge the proxy's /embed page loads, and the parent-side helper as one file.
await build({ configFile: 'vite.config.ts', mode: 'bridge' });
await build({ configFile: 'vite.config.ts', mode: 'embed' });
console.log('built dist/ (ESM + types), custom-elements.json and dist/script/ (single-file builds)');
