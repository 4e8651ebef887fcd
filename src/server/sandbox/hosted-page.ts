import { escapeHtml } from '../html.js';

/** A row of a page's details: a term and its value (shown monospace, wrapping anywhere: addresses, amounts). */
export type Detail = [term: string, value: string];

/**
 * The shell of the sandbox's hosted pages (the invoice page, the Payment Terminal): no inline script, every value
 * escaped by the caller's `body` and here. `head` adds elements (a refresh, a script file).
 */
export function hostedPage({ title, style, head = '', body }: { title: string; style: string; head?: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${head}
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page's details as a definition list; rows without a value (null, undefined, empty) are left out. */
export function detailList(rows: ReadonlyArray<[string, string | null | undefined]>): string {
  const shown = rows.filter((row): row is Detail => !!row[1]);
  return `<dl>\n${shown.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}\n</dl>`;
}
