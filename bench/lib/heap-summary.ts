import { readFileSync } from 'node:fs';

/** A V8 heap snapshot folded to self size per kind of object: what the live heap is made of. */
export interface HeapSummary {
  nodes: number;
  totalBytes: number;
  kinds: Map<string, { count: number; bytes: number }>;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Objects by constructor (`Socket`, `ReadableStream`, `Promise`), closures by function name, the rest by V8's type. */
function kindOf(type: string, name: string): string {
  switch (type) {
    case 'object':
    case 'native':
      return name;
    case 'closure':
      return `${name || '(anonymous)'}()`;
    case 'array':
    case 'hidden':
    case 'object shape':
      return `(${type}) ${name.slice(0, 40)}`;
    default:
      return `(${type})`;
  }
}

/** Self size per kind: what each kind itself occupies, not what it keeps alive. */
export function summarizeHeapSnapshot(path: string): HeapSummary {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const kinds = new Map<string, { count: number; bytes: number }>();
  let totalBytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const kind = kindOf(types[snapshot.nodes[i + typeAt]!] ?? 'unknown', snapshot.strings[snapshot.nodes[i + nameAt]!] ?? '');
    const bytes = snapshot.nodes[i + sizeAt]!;
    const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    kinds.set(kind, entry);
    totalBytes += bytes;
  }
  return { nodes: snapshot.nodes.length / width, totalBytes, kinds };
}

export interface HeapGrowth {
  bytes: number;
  objects: number;
  top: Array<{ kind: string; count: number; bytes: number }>;
  /** Objects of a named class (Socket, ReadableStream, Promise…), without V8's internal kinds and plain Object/Array. */
  named: Array<{ kind: string; count: number; bytes: number }>;
}

const GENERIC = /^(\(|system \/|Object$|Array$)/;

/** What `after` holds that `before` did not, per kind, largest first. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top = 20): HeapGrowth {
  const grown = [...after.kinds].map(([kind, e]) => {
    const was = before.kinds.get(kind) ?? { count: 0, bytes: 0 };
    return { kind, count: e.count - was.count, bytes: e.bytes - was.bytes };
  });
  grown.sort((a, b) => b.bytes - a.bytes);
  return {
    bytes: after.totalBytes - before.totalBytes,
    objects: after.nodes - before.nodes,
    top: grown.slice(0, top),
    named: grown.filter((k) => !GENERIC.test(k.kind) && !k.kind.endsWith('()') && k.count > 0).slice(0, top * 2),
  };
}
