/**
 * Finds a Chromium to drive with Playwright: `CHROME_PATH` if set, then Playwright's own
 * download, then a system Chrome or Chromium. Tests and the PDF exporter share this.
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

const systemCandidates: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

export interface FoundBrowser {
  /** `undefined` means Playwright's own browser. */
  executablePath?: string;
  description: string;
}

export function findBrowser(): FoundBrowser | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { executablePath: fromEnv, description: `CHROME_PATH (${fromEnv})` } : undefined;
  try {
    if (existsSync(chromium.executablePath())) return { description: "Playwright's Chromium" };
  } catch {
    // No Playwright browser registry entry on this platform: fall through to system browsers.
  }
  const found = (systemCandidates[process.platform] ?? []).find((candidate) => existsSync(candidate));
  return found ? { executablePath: found, description: found } : undefined;
}

export const noBrowserHelp =
  'No Chromium found. Install one of: `npx playwright install chromium`, Google Chrome, or ' +
  "Debian/Ubuntu's `chromium` package; or set CHROME_PATH to a Chrome or Chromium executable.";

/** Launch options for the found browser; flags keep a locked-down or offline machine quiet. */
export function browserLaunchOptions(): LaunchOptions {
  const browser = findBrowser();
  if (!browser) throw new Error(noBrowserHelp);
  const args = [
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // Chromium refuses to start its sandbox as root (containers, CI).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  return { executablePath: browser.executablePath, args };
}
