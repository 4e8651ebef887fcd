/**
 * The sandbox + proxy stack started by web-test-runner.config.mjs (test/helpers/stack.ts), reached same-origin
 * through the runner's `/__stack` routes. Without it the integration suites fail loudly rather than skip.
 */
export const stackUrl: string | null = ((await (await fetch('/__stack')).json()) as { url: string | null }).url;

/** The proxy's mount point in the stack. */
export const proxyUrl = `${stackUrl}/coinspaid`;

if (!stackUrl) throw new Error('The sandbox + proxy stack did not start (web-test-runner.config.mjs): integration suites cannot run.');

/** Integration suites: against the real stack. */
export const describeStack: Mocha.SuiteFunction = describe;

export interface TokenClaims {
  foreign_id?: string;
  /** The merchant's order (the stack gives a priced token one of its own when left out). */
  order_id?: string;
  currencies?: string[];
  convert_to?: string;
  amount?: string;
  amount_currency?: string;
  url_back?: string;
}

let customer = 0;

/** A checkout token from the stack's secret, for a fresh customer by default (fresh addresses, no old events). */
export async function mintToken(claims: TokenClaims = {}, expiresIn?: string | number): Promise<string> {
  const body = {
    claims: { foreign_id: `browser-${Date.now()}-${++customer}`, ...claims },
    ...(expiresIn !== undefined ? { expiresIn } : {}),
  };
  const response = await fetch('/__stack/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`mintToken: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** The sandbox control API (plays the customer): deposits, address overrides, faults, reset. */
export async function control<T = unknown>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`/__stack/control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}
