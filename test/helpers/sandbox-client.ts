import { signPayload } from '../../src/server/coinspaid/sign.js';

/** Raw signed calls to a sandbox, for tests that need to send what the typed client never would. */
export function rawApi(baseUrl: string, apiKey: string, apiSecret: string) {
  return async function call(
    endpoint: string,
    body: unknown = {},
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown; text: string }> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${baseUrl}/api/v2/${endpoint}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Processing-Key': apiKey,
        'X-Processing-Signature': signPayload(apiSecret, payload),
        ...headers,
      },
      body: payload,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  };
}
