import os from 'node:os';
import type { Options, Values } from './cli.js';

/** One block of the report table: a benchmark (or one shape of it) with its measures, and the same as figures. */
export interface Section {
  /** Short name of the section in the JSON line, e.g. `single`, `fleet`, `clients3000`. */
  key: string;
  title: string;
  rows: Array<[measure: string, value: string]>;
  figures: Record<string, unknown>;
}

export interface Benchmark<O extends Options = Options> {
  name: string;
  summary: string;
  options: O;
  run(values: Values<O>): Promise<Section[]>;
}

/** Helps a benchmark module keep its option types when it is put in a list of benchmarks. */
export function benchmark<O extends Options>(definition: Benchmark<O>): Benchmark {
  return definition as unknown as Benchmark;
}

export interface BenchmarkRun {
  name: string;
  params: Record<string, unknown>;
  loadavg: { start: number[]; end: number[] };
  seconds: number;
  sections: Section[];
}

export const loadavg = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

export function machine() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()}`,
  };
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The Markdown table, then the JSON line (always last): the same figures for comparing runs. */
export function print(
  runs: BenchmarkRun[],
  argv: readonly string[],
  totals: { loadavg: { start: number[]; end: number[] }; seconds: number },
) {
  const m = machine();
  const lines = [
    '',
    `${m.date} · Node ${m.node} · ${m.cpus}× ${m.cpuModel} · ${m.memoryGiB} GiB · ${m.platform}`,
    `npm run bench -- ${argv.join(' ')}`.trimEnd(),
    `load average (1/5/15 min): ${totals.loadavg.start.join(' ')} at the start, ${totals.loadavg.end.join(' ')} at the end; ${totals.seconds.toFixed(0)} s in all`,
    '',
    '| benchmark | measure | result |',
    '| --- | --- | --- |',
  ];
  for (const run of runs) {
    for (const section of run.sections) {
      section.rows.forEach(([measure, value], i) =>
        lines.push(`| ${i === 0 ? cell(section.title) : ''} | ${cell(measure)} | ${cell(value)} |`),
      );
    }
    lines.push(
      `| | ${run.name}: load average start → end, wall time | ${run.loadavg.start.join(' ')} → ${run.loadavg.end.join(' ')}, ${run.seconds.toFixed(0)} s |`,
    );
  }
  console.log(lines.join('\n'));
  console.log(
    JSON.stringify({
      ...m,
      argv,
      loadavg: totals.loadavg,
      seconds: Math.round(totals.seconds),
      benchmarks: Object.fromEntries(
        runs.map((run) => [
          run.name,
          {
            params: run.params,
            loadavg: run.loadavg,
            seconds: Math.round(run.seconds),
            ...Object.fromEntries(run.sections.map((s) => [s.key, { title: s.title, ...s.figures }])),
          },
        ]),
      ),
    }),
  );
}
