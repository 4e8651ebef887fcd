import assert from 'node:assert/strict';

/**
 * Polls `probe` until it returns something truthy, failing after `timeoutMs`. Only for what no clock controls: a
 * scaled clock's real timers, or a request still travelling over HTTP. With a manual clock, wait on the sandbox instead.
 */
export async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 2000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a polling interval, not a wait for time to pass
  }
}
