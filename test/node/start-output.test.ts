import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET } from '../../src/server/sandbox/index.js';

/** What `npm start` prints: where things are, never a secret (a printed secret ends up in every log collector). */
function start(env: Record<string, string>): Promise<{ output: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('sandbox control')) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ output, code }));
  });
}

describe('npm start', () => {
  it('prints where the demo, proxy and sandbox are, and names its credentials without printing them', async () => {
    const { output } = await start({});
    assert.match(output, /sandbox control/);
    assert.match(output, /credentials\s+the sandbox demo pair/);
    assert.ok(!output.includes(SANDBOX_DEMO_API_SECRET), 'the secret is not printed');
    assert.ok(!output.includes(SANDBOX_DEMO_API_KEY), 'nor the key');
  });

  it('refuses to start the sandbox with real credentials, saying why, and prints none of them', async () => {
    const { output, code } = await start({ COINSPAID_API_SECRET: 'live-secret-0123456789' });
    assert.notEqual(code, 0);
    assert.match(output, /COINSPAID_API_SECRET: is set but COINSPAID_API_URL is not/);
    assert.ok(!output.includes('live-secret-0123456789'));
  });
});
