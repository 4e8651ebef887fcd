import assert from 'node:assert/strict';

/**
 * What a refused embed page's element meets when it starts (src/server/proxy/routes/embed.ts): the page hosts the
 * element, pointed at `<mount>/embed/refused/<code>/<fields>`, which answers like an API route refusing the request;
 * the element shows its own message for the code and tells the parent.
 */
export async function embedRefusal(
  origin: string,
  html: string,
): Promise<{ status: number; code: string; errors: Record<string, string> }> {
  const tag = /<coinspaid-terminal\s[^>]*>/.exec(html)?.[0];
  assert.ok(tag, 'the refused page hosts <coinspaid-terminal>');
  const proxy = /\sproxy="([^"]+)"/.exec(tag)?.[1];
  assert.ok(proxy && /\/embed\/refused\/[a-z_]+\/[\w-]+$/.test(proxy), `the element asks the refusal: ${proxy}`);
  assert.ok(tag.includes('token="refused"'), 'the token given is not carried on');
  const response = await fetch(`${origin}${proxy}/config`, { headers: { Authorization: 'Bearer refused' } });
  const { code, errors } = (await response.json()) as { code: string; errors: Record<string, string> };
  return { status: response.status, code, errors };
}
