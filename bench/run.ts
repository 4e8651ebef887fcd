/**
 * `npm run bench -- [name…] [--option value…]`: the project's benchmarks, on loopback only, each bounded in time
 * and count. Without a name: rates, streams, throughput and redis (the proxy set, about a minute). `--help` lists
 * every benchmark and its options with their defaults.
 *
 * Prints a Markdown table (bench/RESULTS.md records runs with the machine they ran on) and, as its last line, one
 * JSON object with the same figures, for comparing runs: `npm run bench -- streams | tail -1 | jq .benchmarks`.
 * The load average (os.loadavg) at the start and end of each benchmark is part of both.
 */
import { performance } from 'node:perf_hooks';
import { describeOptions, flagNames, readOptions, splitArgs } from './lib/cli.js';
import { loadavg, print, type Benchmark, type BenchmarkRun } from './lib/report.js';
import { growth, rates } from './rates.js';
import { paint } from './paint.js';
import { redis } from './redis.js';
import { streams } from './streams.js';
import { throughput } from './throughput.js';

const BENCHMARKS: Benchmark[] = [rates, streams, throughput, redis, growth, paint];
const DEFAULT = ['rates', 'streams', 'throughput', 'redis'];

const argv = process.argv.slice(2);
const { names, flags } = splitArgs(argv);

if (flags.has('help') || names.includes('help')) {
  const lines = ['npm run bench -- [name…] [--option value…]   (no name: ' + DEFAULT.join(', ') + ')', ''];
  for (const b of BENCHMARKS) lines.push(`  ${b.name.padEnd(11)} ${b.summary}`, ...describeOptions(b.options), '');
  console.log(lines.join('\n'));
  process.exit(0);
}

/** A mistake on the command line: say what is wrong, without a stack trace. */
function usage(message: string): never {
  console.error(`npm run bench: ${message} (npm run bench -- --help lists the benchmarks and their options)`);
  process.exit(2);
}

const selected = (names.length ? names : DEFAULT).map(
  (name) =>
    BENCHMARKS.find((b) => b.name === name) ?? usage(`no benchmark called ${name}; try ${BENCHMARKS.map((b) => b.name).join(', ')}`),
);
const known = new Set(selected.flatMap((b) => flagNames(b.options)));
const unknown = [...flags.keys()].filter((flag) => !known.has(flag));
if (unknown.length) usage(`unknown option ${unknown.map((f) => `--${f}`).join(', ')} for ${selected.map((b) => b.name).join(', ')}`);
// Every value is checked before the first benchmark starts, not minutes into the run.
const params = selected.map((b) => {
  try {
    return readOptions(b.options, flags);
  } catch (error) {
    return usage((error as Error).message);
  }
});

const started = performance.now();
const startLoad = loadavg();
const runs: BenchmarkRun[] = [];
for (const [i, b] of selected.entries()) {
  const t0 = performance.now();
  const start = loadavg();
  console.error(`bench: ${b.name} ${JSON.stringify(params[i])} (load average ${start.join(' ')})`);
  const sections = await b.run(params[i]!);
  runs.push({ name: b.name, params: params[i]!, loadavg: { start, end: loadavg() }, seconds: (performance.now() - t0) / 1000, sections });
}
print(runs, argv, { loadavg: { start: startLoad, end: loadavg() }, seconds: (performance.now() - started) / 1000 });
