/**
 * The rate and stream fan-outs on three proxy instances sharing a real redis-server (started by the benchmark on a
 * system-chosen loopback port), with the same heartbeat as the one-process stream run.
 */
import { startRedisServer } from '../test/helpers/redis-server.js';
import { option } from './lib/cli.js';
import { benchmark } from './lib/report.js';
import { rateFanOut, rateOptions } from './rates.js';
import { streamFanOut, streamOptions } from './streams.js';

export const redis = benchmark({
  name: 'redis',
  summary: 'rate and stream fan-out on three proxy instances sharing a real redis-server',
  options: { ...rateOptions, ...streamOptions, instances: option(3, 'proxy instances sharing the Redis') },
  run: async (values) => {
    const server = await startRedisServer();
    try {
      const shape = { redisUrl: server.url, instances: values.instances };
      const label = `${values.instances === 3 ? 'three' : values.instances} instances on Redis`;
      return [await rateFanOut('fleetRates', label, values, shape), await streamFanOut(label, 'fleetStreams', values, shape)];
    } finally {
      await server.destroy();
    }
  },
});
