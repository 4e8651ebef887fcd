import { base64 } from '@scure/base';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { TerminalParams } from '../../core/api-types.js';
import { canonicalTerminalParams, terminalParamsErrors } from '../../core/terminal-params.js';
import { isHttpUrl } from '../../core/validators.js';
import { parseJsonWithDecimalAmounts } from './json.js';
import { signPayload, verifySignature } from './sign.js';

export const TERMINAL_BASE_URL = 'https://terminal.coinspaid.com/';

/** Terminal parameters that do not satisfy the reference table; `errors` maps each field to the problem. */
export class TerminalParamsError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super(
      `Invalid Payment Terminal parameters: ${Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
    this.name = 'TerminalParamsError';
    this.errors = errors;
  }
}

export interface BuildTerminalUrlOptions {
  apiSecret: string;
  params: TerminalParams;
  /** Terminal host; default https://terminal.coinspaid.com/. Must be http(s). */
  baseUrl?: string;
}

/**
 * Builds a signed link to CoinsPaid's hosted Payment Terminal:
 * `<base>?data=<base64 of the compact JSON>&signature=<hex HMAC-SHA512 of that JSON>`.
 * The signature covers the JSON string itself, not its base64. Only a server holding the secret may call this.
 * The link keeps the documented form: standard base64 with padding, the amount a decimal string; a numeric
 * foreign_id (the documentation's own example) is signed as the number it is.
 *
 * @throws TerminalParamsError when a parameter is missing, malformed or unknown.
 */
export function buildTerminalUrl({ apiSecret, params, baseUrl = TERMINAL_BASE_URL }: BuildTerminalUrlOptions): string {
  const errors = terminalParamsErrors(params as unknown as Record<string, unknown>);
  if (!isHttpUrl(baseUrl)) errors['baseUrl'] = 'The terminal base URL must be an https: or http: URL.';
  if (Object.keys(errors).length > 0) throw new TerminalParamsError(errors);
  const json = JSON.stringify(canonicalTerminalParams(params));
  const url = new URL(baseUrl);
  url.searchParams.set('data', base64.encode(utf8ToBytes(json)));
  url.searchParams.set('signature', signPayload(apiSecret, json));
  return url.toString();
}

export interface DecodedTerminalUrl {
  params: TerminalParams;
  json: string;
  signatureValid: boolean;
}

/**
 * The bytes of a link's `data`, in whichever base64 other clients write: standard or URL-safe alphabet (a published Go
 * client uses the latter), padded or not, or with `+` turned into a space by a query string that did not escape it.
 */
function terminalData(data: string): Uint8Array {
  const standard = data.trim().replace(/[ -]/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  return base64.decode(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}

/**
 * Reads a terminal URL back (for tests and support tooling) and checks its signature with the secret. Accepts links
 * built by other clients too: either base64 alphabet, and a numeric amount (read as a decimal string, never a float);
 * `json` and the signature check are on the JSON exactly as it was signed.
 */
export function decodeTerminalUrl(urlString: string, apiSecret: string): DecodedTerminalUrl {
  const url = new URL(urlString);
  const json = new TextDecoder().decode(terminalData(url.searchParams.get('data') ?? ''));
  return {
    params: parseJsonWithDecimalAmounts(json) as TerminalParams,
    json,
    signatureValid: verifySignature(apiSecret, json, url.searchParams.get('signature') ?? ''),
  };
}
