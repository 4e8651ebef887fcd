import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

/**
 * Fails (never skips) when a test needs build output that is not there: a suite that skips itself silently would let
 * CI pass without it. `npm test` builds first; running one test file alone needs `npm run build` (or `how`) before.
 */
export function assertBuilt(paths: readonly string[], how = 'npm run build'): void {
  const missing = paths.filter((path) => !existsSync(path));
  assert.deepEqual(missing, [], `not built: ${missing.join(', ')}: run \`${how}\` first (npm test does)`);
}
