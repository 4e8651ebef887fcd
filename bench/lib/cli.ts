/**
 * Benchmark parameters from the command line: `npm run bench -- streams --streams 10000 --heartbeat-ms 15000`.
 * Each benchmark declares its options with today's values as defaults; flags are kebab-case, values typed by their
 * default (a number, a comma-separated list of numbers, a string, or a switch).
 */

export interface Option<T> {
  default: T;
  help: string;
}

export function option(value: number, help: string): Option<number>;
export function option(value: number[], help: string): Option<number[]>;
export function option(value: string, help: string): Option<string>;
export function option(value: boolean, help: string): Option<boolean>;
export function option<T>(value: T, help: string): Option<T> {
  return { default: value, help };
}

export type Options = Record<string, Option<number> | Option<number[]> | Option<string> | Option<boolean>>;
export type Values<O extends Options> = { [K in keyof O]: O[K]['default'] };

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Splits argv into benchmark names and `--flag value` / `--flag=value` / `--switch` pairs. */
export function splitArgs(argv: readonly string[]): { names: string[]; flags: Map<string, string | true> } {
  const names: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(arg.slice(2), argv[++i]!);
    else flags.set(arg.slice(2), true);
  }
  return { names, flags };
}

/** Reads a benchmark's options from the flags; throws on a value that does not fit its option's type. */
export function readOptions<O extends Options>(options: O, flags: ReadonlyMap<string, string | true>): Values<O> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(options)) {
    const flag = kebab(key);
    const raw = flags.get(flag);
    const fallback = spec.default;
    if (raw === undefined) values[key] = fallback;
    else if (typeof fallback === 'boolean') values[key] = raw === true || raw === 'true' || raw === '1';
    else if (raw === true) throw new Error(`--${flag} needs a value`);
    else if (typeof fallback === 'number') {
      const n = Number(raw.replaceAll('_', ''));
      if (!Number.isFinite(n)) throw new Error(`--${flag} must be a number, not ${raw}`);
      values[key] = n;
    } else if (Array.isArray(fallback)) {
      const list = raw.split(',').map((part) => Number(part.trim().replaceAll('_', '')));
      if (list.some((n) => !Number.isFinite(n))) throw new Error(`--${flag} must be numbers separated by commas, not ${raw}`);
      values[key] = list;
    } else values[key] = raw;
  }
  return values as Values<O>;
}

/** The help text of a benchmark's options. */
export function describeOptions(options: Options): string[] {
  return Object.entries(options).map(([key, spec]) => {
    const shown = Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
    return `    --${kebab(key)} <${shown}>`.padEnd(34) + spec.help;
  });
}

export function flagNames(options: Options): string[] {
  return Object.keys(options).map(kebab);
}
