// Fails fast, with the fix spelled out, when no Chromium is available for the browser tests.
import { existsSync } from 'node:fs';

export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** Headless, and quiet on a closed network: without the background flags Chromium keeps dialling Google's hosts. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = chromiumPath();
  if (!existsSync(path)) {
    console.error(
      `No Chromium found at ${path}.\n` +
        'The browser tests run in a real Chromium. Install it (Debian/Ubuntu):\n' +
        '  sudo apt-get update && sudo apt-get install -y chromium\n' +
        'or point CHROME_PATH at an existing Chromium/Chrome binary.',
    );
    process.exit(1);
  }
}
