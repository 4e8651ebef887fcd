/** The Chromium the tests use: CHROME_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string;
/** The flags the browser tests and the paint benchmark start Chromium with. */
export const CHROMIUM_FLAGS: readonly string[];
