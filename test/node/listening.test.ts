/**
 * The servers listen with a backlog of 4096 and check at start that the process may open a descriptor for every
 * status stream it admits (src/server/listening.ts): `npm start`'s demo server and the service's bin, each run as its
 * own process under a lowered `ulimit -n` (prlimit), warn; under the machine's usual limit they do not.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DESCRIPTOR_HEADROOM, fileLimitWarning, LISTEN_BACKLOG, openFilesLimit } from '../../src/server/listening.js';
import { SANDBOX_KEY, SANDBOX_SECRET, TOKEN_SECRET } from '../helpers/service.js';
import { until } from '../helpers/until.js';

const LIMITS = (soft: string, hard = soft) => `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files
Max locked memory         8388608              8388608              bytes
`;

describe('the open-files limit', () => {
  it('is read from /proc/self/limits: the soft limit, a number, or null when unlimited or unreadable', () => {
    assert.equal(openFilesLimit(LIMITS('1024', '524288')), 1024);
    assert.equal(openFilesLimit(LIMITS('unlimited')), null);
    assert.equal(openFilesLimit(''), null);
    assert.equal(openFilesLimit(null), null);
    if (existsSync('/proc/self/limits')) assert.equal(typeof openFilesLimit(), 'number');
  });

  it('warns when the streams the cap admits and the headroom do not fit, with what to raise it to', () => {
    const needed = 10_000 + DESCRIPTOR_HEADROOM;
    const warning = fileLimitWarning(10_000, 1024);
    assert.ok(warning);
    assert.match(warning, /ulimit -n\) is 1024/);
    assert.match(warning, new RegExp(`ulimit -n ${needed}`));
    assert.match(warning, new RegExp(`LimitNOFILE=${needed}`));
    assert.match(warning, /once 0 streams are open/);
    assert.match(fileLimitWarning(10_000, 8192)!, /once 7,168 streams are open/);
    assert.equal(fileLimitWarning(10_000, needed), null);
    assert.equal(fileLimitWarning(10_000, 1_048_576), null);
    assert.equal(fileLimitWarning(10_000, null), null);
    assert.match(fileLimitWarning(100, 1000)!, /about 1,124/);
  });

  it('the backlog is 4096: what Linux allows by default (net.core.somaxconn) and more than 3,000 clients need at once', () => {
    assert.equal(LISTEN_BACKLOG, 4096);
  });
});

/**
 * Runs `node args` under `prlimit --nofile=<limit>`, stdout and stderr in one pipe (their order kept), until `ready`
 * matches what it wrote; returns that.
 */
async function startUnder(limit: number, args: string[], env: Record<string, string>, ready: RegExp): Promise<string> {
  const child = spawn('sh', ['-c', 'exec prlimit --nofile="$0:$0" "$@" 2>&1', String(limit), process.execPath, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await until(() => ready.test(output) || child.exitCode !== null, `the server starts (output: ${output})`, 20_000);
    return output;
  } finally {
    child.kill('SIGKILL');
  }
}

const WARNING = /open-files limit \(ulimit -n\) is 4096/;
const prlimit = existsSync('/usr/bin/prlimit') || existsSync('/bin/prlimit');

describe('servers started under a low ulimit -n', { skip: !prlimit && 'prlimit (util-linux) is not installed' }, () => {
  it('npm start’s demo server warns at start', async () => {
    // Said before it listens: by the time it says where, the warning is out.
    const output = await startUnder(4096, ['--import', 'tsx', 'demo/server/main.ts'], { PORT: '0' }, /listening on http/);
    assert.match(output, WARNING);
    assert.ok(output.indexOf('open-files limit') < output.indexOf('listening on'));
  });

  it('the service’s bin logs it as a warning', async () => {
    const env = { PORT: '0', COINSPAID_API_KEY: SANDBOX_KEY, COINSPAID_API_SECRET: SANDBOX_SECRET, TERMINAL_TOKEN_SECRET: TOKEN_SECRET };
    const output = await startUnder(4096, ['--import', 'tsx', 'src/server/service/bin.ts'], env, /open-files limit/);
    const line = output
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string | number; msg: string })
      .find((l) => WARNING.test(l.msg));
    assert.ok(line, output);
    assert.ok(line.level === 'warn' || line.level === 40, `level ${line.level}`);
  });

  it('and the demo server does not warn with room for every stream', async () => {
    const output = await startUnder(20_000, ['--import', 'tsx', 'demo/server/main.ts'], { PORT: '0' }, /listening on/);
    assert.doesNotMatch(output, /open-files limit/);
  });
});
