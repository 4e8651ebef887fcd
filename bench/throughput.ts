/** Cached-rate throughput: GET /rates answered from the cache on a fixed number of keep-alive connections. */
import { performance } from 'node:perf_hooks';
import { option } from './lib/cli.js';
import { get, keepAliveAgent } from './lib/http.js';
import { benchmark } from './lib/report.js';
import { ServerChild } from './lib/server-child.js';
import { ms, round, spread } from './lib/stats.js';
import { phaseFigures, serverRows } from './rates.js';

export const throughput = benchmark({
  name: 'throughput',
  summary: 'cached GET /rates on 64 keep-alive connections for 10 s, server on one core',
  options: {
    connections: option(64, 'keep-alive connections, each asking again as soon as answered'),
    seconds: option(10, 'wall-clock seconds of load'),
  },
  run: async (values) => {
    const server = await ServerChild.start();
    try {
      const agent = keepAliveAgent();
      const headers = { Authorization: `Bearer ${server.ready.token}` };
      const url = `${server.ready.urls[0]}/rates?from=BTC&to=EUR`;
      await get(url, agent, headers); // warm the cache
      const latencies: number[] = [];
      let failures = 0;
      await server.phaseStart();
      const started = performance.now();
      const deadline = started + values.seconds * 1000;
      await Promise.all(
        Array.from({ length: values.connections }, async () => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            const { status } = await get(url, agent, headers);
            latencies.push(performance.now() - t0);
            if (status !== 200) failures++;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const { phase } = await server.phaseEnd();
      agent.destroy();
      const l = spread(latencies);
      const rate = latencies.length / elapsed;
      return [
        {
          key: 'cached',
          title: `cached rates: ${values.connections} keep-alive connections, ${values.seconds} s, server on one core`,
          rows: [
            ['throughput', `${Math.round(rate)} req/s`],
            ['latency p50 / p99', `${ms(l.p50)} / ${ms(l.p99)}`],
            ['non-200 answers', String(failures)],
            ...serverRows(phase, phase.requests),
          ],
          figures: {
            throughput: Math.round(rate),
            requests: l.n,
            latencyMs: { p50: round(l.p50), p95: round(l.p95), p99: round(l.p99), max: round(l.max) },
            failures,
            server: phaseFigures(phase),
          },
        },
      ];
    } finally {
      await server.stop();
    }
  },
});
