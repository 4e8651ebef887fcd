import { randomBytes } from 'node:crypto';
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET } from './sandbox/sandbox.js';
import { isWebhookSecret } from './webhooks/message.js';

/**
 * The server's configuration, read once from the environment (names as in DESIGN.md). Anything malformed stops the
 * start with a message naming the variable, rather than failing later on a customer's request.
 */
export interface ServerConfig {
  port: number;
  /** Unset → the embedded sandbox ("sandbox mode"). */
  coinspaidApiUrl: string | null;
  apiKey: string;
  apiSecret: string;
  terminalClientId: number;
  tokenSecret: string;
  /** True when TERMINAL_TOKEN_SECRET was not given and a random one was made for this run (sandbox mode only). */
  tokenSecretGenerated: boolean;
  allowedOrigins: string[];
  redisUrl: string | null;
  sandboxMode: boolean;
  /** Where the service binds (HOST); default 127.0.0.1. `0.0.0.0` in a container. */
  host: string;
  /** MERCHANT_WEBHOOK_URL: settlement changes are POSTed here, signed; null → no webhooks. */
  webhookUrl: string | null;
  /** MERCHANT_WEBHOOK_SECRET: `whsec_` + base64 of 24–64 random bytes; set exactly when webhookUrl is. */
  webhookSecret: string | null;
  /** MERCHANT_API_KEY: the merchant backend's key for `POST /coinspaid/tokens` and the webhook delivery log. */
  merchantApiKey: string | null;
  /** METRICS_TOKEN: set → `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** LOG_LEVEL: default info. */
  logLevel: LogLevel;
  /** SHUTDOWN_GRACE_SECONDS × 1000: how long a SIGTERM waits for callbacks in flight; default 25 s. */
  shutdownGraceMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Fixed demo credentials of the embedded sandbox: public by design, useless against the real CoinsPaid. */
export const SANDBOX_DEFAULT_KEY = SANDBOX_DEMO_API_KEY;
export const SANDBOX_DEFAULT_SECRET = SANDBOX_DEMO_API_SECRET;
const SANDBOX_DEFAULT_CLIENT_ID = 1;

function httpUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(variable, 'must be an https: or http: URL');
  return value;
}

/** The allow-list when ALLOWED_ORIGINS is unset: this server's own origins on `port` (the demo pages). */
export function localOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

function origins(value: string | undefined, port: number): string[] {
  if (!value) return localOrigins(port);
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      const url = new URL(httpUrl('ALLOWED_ORIGINS', origin));
      if (url.origin !== origin.replace(/\/$/, ''))
        throw new ConfigError('ALLOWED_ORIGINS', `"${origin}" must be a bare origin such as https://shop.example`);
      return url.origin;
    });
}

const MAKE_WEBHOOK_SECRET = `node -e "console.log('whsec_'+require('crypto').randomBytes(32).toString('base64'))"`;

export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const port = env['PORT'] ? Number(env['PORT']) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', 'must be a port number');
  const coinspaidApiUrl = env['COINSPAID_API_URL'] ? httpUrl('COINSPAID_API_URL', env['COINSPAID_API_URL']) : null;
  const sandboxMode = coinspaidApiUrl === null;

  if (sandboxMode) {
    // The embedded sandbox signs callbacks with these on request of its (unauthenticated) control API: with a real
    // secret, anyone who reaches it could have it sign a callback a live proxy would accept. It keeps its own pair.
    for (const [variable, demo] of [
      ['COINSPAID_API_KEY', SANDBOX_DEFAULT_KEY],
      ['COINSPAID_API_SECRET', SANDBOX_DEFAULT_SECRET],
    ] as const) {
      const given = env[variable];
      if (given && given !== demo)
        throw new ConfigError(
          variable,
          'is set but COINSPAID_API_URL is not: sandbox mode never holds real credentials (its control API would sign callbacks with them). Unset COINSPAID_API_KEY and COINSPAID_API_SECRET to use the embedded sandbox, or set COINSPAID_API_URL to use CoinsPaid',
        );
    }
  }
  const apiKey = env['COINSPAID_API_KEY'] || (sandboxMode ? SANDBOX_DEFAULT_KEY : '');
  const apiSecret = env['COINSPAID_API_SECRET'] || (sandboxMode ? SANDBOX_DEFAULT_SECRET : '');
  if (!apiKey) throw new ConfigError('COINSPAID_API_KEY', 'is required when COINSPAID_API_URL is set');
  if (!apiSecret) throw new ConfigError('COINSPAID_API_SECRET', 'is required when COINSPAID_API_URL is set');

  const clientIdText = env['COINSPAID_CLIENT_ID'];
  const terminalClientId = clientIdText ? Number(clientIdText) : SANDBOX_DEFAULT_CLIENT_ID;
  if (!Number.isSafeInteger(terminalClientId) || terminalClientId <= 0)
    throw new ConfigError('COINSPAID_CLIENT_ID', 'must be a positive integer');

  let tokenSecret = env['TERMINAL_TOKEN_SECRET'] ?? '';
  const tokenSecretGenerated = !tokenSecret;
  if (tokenSecretGenerated) {
    if (!sandboxMode) throw new ConfigError('TERMINAL_TOKEN_SECRET', 'is required when COINSPAID_API_URL is set (32 bytes or more)');
    tokenSecret = randomBytes(32).toString('base64url');
  }
  if (new TextEncoder().encode(tokenSecret).length < 32) throw new ConfigError('TERMINAL_TOKEN_SECRET', 'must be at least 32 bytes long');

  const redisUrl = env['REDIS_URL'] || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');

  const webhookUrl = env['MERCHANT_WEBHOOK_URL'] ? httpUrl('MERCHANT_WEBHOOK_URL', env['MERCHANT_WEBHOOK_URL']) : null;
  const webhookSecret = env['MERCHANT_WEBHOOK_SECRET'] || null;
  if (webhookUrl && !webhookSecret)
    throw new ConfigError('MERCHANT_WEBHOOK_SECRET', `is required with MERCHANT_WEBHOOK_URL (make one: ${MAKE_WEBHOOK_SECRET})`);
  if (webhookSecret && !webhookUrl) throw new ConfigError('MERCHANT_WEBHOOK_URL', 'is required with MERCHANT_WEBHOOK_SECRET');
  if (webhookSecret && !isWebhookSecret(webhookSecret))
    throw new ConfigError('MERCHANT_WEBHOOK_SECRET', `must be whsec_ followed by base64 of 24 to 64 random bytes (${MAKE_WEBHOOK_SECRET})`);

  const merchantApiKey = env['MERCHANT_API_KEY'] || null;
  if (merchantApiKey !== null) {
    if (!/^[\x21-\x7e]{32,256}$/.test(merchantApiKey))
      throw new ConfigError('MERCHANT_API_KEY', 'must be 32 to 256 printable characters without spaces (e.g. openssl rand -hex 32)');
    // One secret, one job: a key equal to a signing secret would let whoever holds one act as the other.
    if (merchantApiKey === tokenSecret || merchantApiKey === apiSecret)
      throw new ConfigError('MERCHANT_API_KEY', 'must differ from TERMINAL_TOKEN_SECRET and COINSPAID_API_SECRET');
  }
  const metricsToken = env['METRICS_TOKEN'] || null;
  if (metricsToken !== null && !/^[\x21-\x7e]{16,256}$/.test(metricsToken))
    throw new ConfigError('METRICS_TOKEN', 'must be 16 to 256 printable characters without spaces');

  const logLevel = (env['LOG_LEVEL'] || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const graceText = env['SHUTDOWN_GRACE_SECONDS'];
  const grace = graceText ? Number(graceText) : 25;
  if (!Number.isInteger(grace) || grace < 0 || grace > 3600)
    throw new ConfigError('SHUTDOWN_GRACE_SECONDS', 'must be a whole number of seconds from 0 to 3600');

  return {
    host: env['HOST'] || '127.0.0.1',
    webhookUrl,
    webhookSecret,
    merchantApiKey,
    metricsToken,
    logLevel: logLevel as LogLevel,
    shutdownGraceMs: grace * 1000,
    port,
    coinspaidApiUrl,
    apiKey,
    apiSecret,
    terminalClientId,
    tokenSecret,
    tokenSecretGenerated,
    allowedOrigins: origins(env['ALLOWED_ORIGINS'], port),
    redisUrl,
    sandboxMode,
  };
}
