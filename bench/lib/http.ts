import http from 'node:http';

/** Keep-alive HTTP for the load generator: one socket per concurrent client, reused between its requests. */
export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: Infinity });
}

export interface Answer {
  status: number;
  body: string;
}

export function get(url: string, agent: http.Agent | false, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

export function post(url: string, body: string, agent: http.Agent | false, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The sandbox's count of upstream exchange/calculate calls, i.e. what the proxy asked of "CoinsPaid". */
export async function upstreamCalls(sandboxUrl: string): Promise<number> {
  const stats = JSON.parse((await get(`${sandboxUrl}/control/stats`, false, { 'x-sandbox-control': '1' })).body) as Record<string, number>;
  return stats['exchange/calculate'] ?? 0;
}
