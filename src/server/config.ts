import { randomBytes } from 'node:crypto';
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET } from './sandbox/sandbox.js';

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
}

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

export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const port = env['PORT'] ? Number(env['PORT']) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', 'must be a port number');
  const coinspaidApiUrl = env['COINSPAID_API_URL'] ? httpUrl('COINSPAID_API_URL', env['COINSPAID_API_URL']) : null;
  const sandboxMode = coinspaidApiUrl === null;

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

  return {
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
