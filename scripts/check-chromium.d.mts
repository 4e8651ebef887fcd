/** The Chromium the tests use: CHROME_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string;
