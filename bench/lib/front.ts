import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A same-origin front for the demo server: serves the benchmark's own pages and passes every other request through.
 * Two reasons to stand in front rather than inject the page: the page is then fetched over the (throttled) network like
 * any merchant page, and requests that create things leave from a different loopback address each (127.0.x.y), so the
 * demo proxy's per-IP creation limit (20 addresses a minute) does not end a 30-run benchmark after 20 loads.
 */
export interface Front {
  url: string;
  close(): Promise<void>;
}

export type PageHandler = (request: http.IncomingMessage) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

export async function startFront(upstream: string, pages: Record<string, PageHandler>): Promise<Front> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let next = 0;
  /** 127.0.1.1, 127.0.1.2, … : one source address per creating request. */
  const sourceAddress = () => {
    next = (next + 1) % (250 * 250);
    return `127.0.${1 + Math.floor(next / 250)}.${1 + (next % 250)}`;
  };
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://front').pathname;
    const page = pages[path];
    if (page) {
      page(request).then(
        ({ status, headers, body }) => response.writeHead(status, headers).end(body),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
      return;
    }
    const creates = request.method === 'POST' && path.startsWith('/coinspaid/');
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
        ...(creates ? { agent: false, localAddress: sourceAddress() } : { agent }),
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => response.destroy());
    // A closed page ends its status stream: end the upstream request with it (but leave finished ones to the pool).
    response.on('close', () => {
      if (!response.writableFinished) forward.destroy();
    });
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
