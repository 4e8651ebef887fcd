/** The service behind the `coinspaid-terminal` bin, for a Node process that starts it itself. */
export { startService, redactedUrl } from './service.js';
export type { ServiceOptions, RunningService } from './service.js';
export { createLogger, requestLogging, routeConsoleToLogger, loggablePath } from './logging.js';
export { ServiceMetrics } from './metrics.js';
export { Drain } from './drain.js';
