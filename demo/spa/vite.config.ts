// `npm run build:spa`: the React demo SPA (demo/spa/) → demo/spa/dist/, served by demo/server/apps.ts at /spa.
// The SPA imports `coinspaid-terminal/react` exactly as a merchant's app does; here the package names resolve to the
// sources, so `npm start` needs no tsc build first (a merchant's bundler gets dist/ through package.json "exports").
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/spa/',
  logLevel: 'warn',
  resolve: {
    alias: [
      { find: /^coinspaid-terminal\/react$/, replacement: source('react/index.ts') },
      { find: /^coinspaid-terminal$/, replacement: source('element/index.ts') },
    ],
  },
  // React's automatic runtime; the repository's tsconfig.json says the same for the type check.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    // Nothing inline: the page runs under the demo's strict CSP (script-src 'self', style-src 'self').
    assetsInlineLimit: 0,
  },
});
