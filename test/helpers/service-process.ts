import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './until.js';

export interface LogLine extends Record<string, unknown> {
  level: string;
  msg: string;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Where it listens, from its "listening" log line. */
  url: string;
  /** Its stdout, one parsed JSON object a line (a line that is not JSON fails the test that reads it). */
  lines: LogLine[];
  /** Raw stdout and stderr. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Waits for a log line matching `probe`. */
  logged(probe: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the service's bin as its own process — `node <args>` (the TypeScript entry through tsx, or the built
 * dist/server/service/bin.js) — with `env` over a clean environment, and waits until it listens.
 */
export async function spawnService(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const lines: LogLine[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const complete = out.split('\n').slice(0, -1);
    for (const line of complete.slice(lines.length)) lines.push(JSON.parse(line) as LogLine);
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logged: ServiceProcess['logged'] = (probe, what, wait = 10_000) =>
    until(
      () => {
        const found = lines.find(probe);
        if (!found && child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before: ${what}\n${err}`);
        return found;
      },
      what,
      wait,
    );
  const listening = await logged((l) => l.msg === 'coinspaid-terminal listening', `the service listens (stderr: ${err})`, timeoutMs);
  const url = String(listening['url']).replace('0.0.0.0', '127.0.0.1');
  return {
    child,
    url,
    lines,
    stdout: () => out,
    stderr: () => err,
    exited,
    logged,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}
