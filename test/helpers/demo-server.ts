import { spawn, type ChildProcess } from 'node:child_process';

export interface DemoServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  child: ChildProcess;
  stop(): void;
}

/**
 * Starts the real `npm start` entry point (demo/server/main.ts, sandbox mode) on a free port in its own process and
 * resolves with the URL it prints. The script build (dist/script) must exist: `npm test` builds it first.
 */
export function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1]!.replace('localhost', '127.0.0.1'), child, stop: () => child.kill('SIGTERM') });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/**
 * Collects what a page should never show: uncaught errors, console errors (a CSP violation is reported there) and
 * HTTP answers of 400 and above. Returns the live list.
 */
export function collectProblems(page: {
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): unknown;
  on(event: 'response', listener: (response: { status(): number; url(): string }) => void): unknown;
}): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}
