/**
 * The service (`npx coinspaid-terminal`) started in this process, as the bin starts it, from environment variables:
 * sandbox mode unless COINSPAID_API_URL is given, a merchant API key, a token secret, and with `receiver: true` a
 * webhook endpoint on 127.0.0.1. Its JSON log lines are kept for the test to read. Time is the given clock.
 */
import type { Clock } from '../../src/core/clock.js';
import type { CheckoutClaimsInput } from '../../src/server/proxy/tokens.js';
import { readConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/service/logging.js';
import { ServiceMetrics } from '../../src/server/service/metrics.js';
import { startService, type RunningService, type ServiceOptions } from '../../src/server/service/service.js';
import { WebhookReceiver } from './webhook-receiver.js';
import { SANDBOX_DEMO_API_KEY, SANDBOX_DEMO_API_SECRET } from '../../src/server/sandbox/index.js';

export const MERCHANT_API_KEY = 'merchant-api-key-0123456789abcdef-0123';
export const TOKEN_SECRET = 'service-token-secret-0123456789abcdef';
export const WEBHOOK_SECRET = `whsec_${Buffer.from('service-webhook-secret-32-bytes!').toString('base64')}`;
export const METRICS_TOKEN = 'metrics-token-0123456789';
/** Sandbox mode holds only the sandbox's own demo pair (src/server/config.ts refuses any other). */
export const SANDBOX_KEY = SANDBOX_DEMO_API_KEY;
export const SANDBOX_SECRET = SANDBOX_DEMO_API_SECRET;

export interface TestServiceOptions extends Omit<ServiceOptions, 'config' | 'logger' | 'clock'> {
  clock?: Clock;
  /** Environment over the defaults; a value of '' unsets a default. */
  env?: Record<string, string>;
  /** Starts a webhook endpoint and points MERCHANT_WEBHOOK_URL at it. */
  receiver?: boolean;
}

export interface TestService {
  service: RunningService;
  url: string;
  receiver: WebhookReceiver | undefined;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown> & { msg: string; level: string }>;
  /** The log as written. */
  logText(): string;
  /** POST /coinspaid/tokens with the merchant key. */
  mintToken(claims: CheckoutClaimsInput & { expires_in?: number }): Promise<string>;
  /** A proxy call as the widget makes it. */
  call<T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  /** Resolves once the sandbox has no callback in flight and no webhook attempt is under way. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const { env: extra = {}, receiver: withReceiver = false, clock, ...serviceOptions } = options;
  const receiver = withReceiver ? await new WebhookReceiver().start() : undefined;
  const env: Record<string, string> = {
    PORT: '0',
    COINSPAID_API_KEY: SANDBOX_KEY,
    COINSPAID_API_SECRET: SANDBOX_SECRET,
    TERMINAL_TOKEN_SECRET: TOKEN_SECRET,
    MERCHANT_API_KEY,
    LOG_LEVEL: 'debug',
    ...(receiver ? { MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
    ...extra,
  };
  const config = readConfig(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  const lines: string[] = [];
  const logger = createLogger({ level: config.logLevel, destination: { write: (line: string) => void lines.push(line) } });
  const service = await startService({
    config,
    logger,
    ...(clock ? { clock } : {}),
    metrics: new ServiceMetrics({ processMetrics: false }),
    clientTimeoutMs: 5000,
    ...serviceOptions,
  });
  const url = service.url;
  return {
    service,
    url,
    receiver,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown> & { msg: string; level: string });
    },
    logText: () => lines.join(''),
    mintToken: async (claims) => {
      const response = await fetch(`${url}/coinspaid/tokens`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${MERCHANT_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(claims),
      });
      const body = (await response.json()) as { token?: string };
      if (response.status !== 200 || !body.token) throw new Error(`POST /tokens answered ${response.status}: ${JSON.stringify(body)}`);
      return body.token;
    },
    call: async (token, method, path, body) => {
      const response = await fetch(`${url}/coinspaid/${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as never };
    },
    control: (path, body, method = 'POST') =>
      fetch(`${url}/sandbox/control/${path.replace(/^\//, '')}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    settled: async () => {
      await service.parts.sandbox?.sandbox.callbacks.idle();
      await service.webhooks?.dispatcher.idle();
    },
    close: async () => {
      await service.shutdown();
      await receiver?.close();
    },
  };
}
