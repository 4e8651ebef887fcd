#!/usr/bin/env node
/**
 * `npx coinspaid-terminal`: the proxy as a service, configured from the environment (README "Run it as a service").
 * JSON logs on stdout; SIGTERM or SIGINT drains and exits 0 (1 when callbacks were still in flight at the deadline:
 * they were not acknowledged, CoinsPaid retries them).
 */
import { ConfigError, LOG_LEVELS, readConfig, type LogLevel } from '../config.js';
import { fileLimitWarning } from '../listening.js';
import { createLogger, routeConsoleToLogger } from './logging.js';
import { redactedUrl, startService } from './service.js';

const requestedLevel = (process.env['LOG_LEVEL'] ?? '').toLowerCase();
const logger = createLogger({ level: (LOG_LEVELS as readonly string[]).includes(requestedLevel) ? (requestedLevel as LogLevel) : 'info' });
routeConsoleToLogger(logger);

let config;
try {
  config = readConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  logger.fatal({ problem: error.message }, `configuration error: ${error.message}`);
  logger.flush();
  process.exit(78); // EX_CONFIG: a process manager should not restart it in a loop
}

process.on('uncaughtException', (error) => {
  logger.fatal({ err: error }, 'uncaught exception; exiting');
  logger.flush();
  process.exit(70);
});
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

const service = await startService({ config, logger });
logger.info(
  {
    url: `http://${config.host}:${service.port}`,
    mode: config.sandboxMode ? 'sandbox' : 'live',
    coinspaid_api_url: config.coinspaidApiUrl,
    proxy: '/coinspaid',
    ...(config.sandboxMode ? { sandbox: '/sandbox', credentials: 'the sandbox demo pair (SANDBOX_DEMO_API_KEY/_SECRET)' } : {}),
    allowed_origins: service.allowedOrigins,
    store: config.redisUrl ? redactedUrl(config.redisUrl) : 'memory',
    webhooks: config.webhookUrl ? redactedUrl(config.webhookUrl) : 'off',
    tokens_route: config.merchantApiKey ? '/coinspaid/tokens' : 'off',
    metrics: config.metricsToken ? 'bearer token' : 'open',
  },
  'coinspaid-terminal listening',
);
if (config.tokenSecretGenerated)
  logger.warn('TERMINAL_TOKEN_SECRET is unset: a random one was made for this run, so tokens die with the process (sandbox only)');
if (config.webhookUrl && !config.redisUrl && !config.sandboxMode)
  logger.warn('webhooks are queued in memory (no REDIS_URL): undelivered ones are lost if the process dies; set REDIS_URL in production');
if (!config.sandboxMode && config.webhookUrl?.startsWith('http:'))
  logger.warn('MERCHANT_WEBHOOK_URL is plain http: webhook bodies (orders, amounts) can be read on the way; use https');
const files = fileLimitWarning();
if (files) logger.warn(files);
if (!config.sandboxMode && !process.env['ALLOWED_ORIGINS'])
  logger.warn('ALLOWED_ORIGINS is unset: only this server itself may use the checkout; name the shop’s origins');

const stop = (signal: string) => {
  logger.info({ signal }, 'signal received');
  void service.shutdown().then(({ clean }) => {
    logger.flush();
    process.exit(clean ? 0 : 1);
  });
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
