/**
 * Debian's chromium driven by playwright-core (no downloaded browser). When /usr/bin/chromium is
 * missing, browser tests fail with a clear message under CI (CI=true) and are skipped with the
 * reason printed otherwise.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['TICKWATCH_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why browser tests cannot run here, or null when they can. */
export function browserUnavailableReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\` (or set TICKWATCH_CHROMIUM)`;
}

/** True when the suite must run (or fail loudly); prints the reason when it is skipped. */
export function shouldRunBrowserTests(): boolean {
  const reason = browserUnavailableReason();
  if (reason === null) return true;
  if (process.env['CI'] === 'true') return true; // launchBrowser() then throws with the reason
  process.stdout.write(`browser tests skipped: ${reason}\n`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  const reason = browserUnavailableReason();
  if (reason !== null) throw new Error(`browser tests cannot run: ${reason}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Collects console errors and uncaught page errors, for "no console errors" assertions. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}
