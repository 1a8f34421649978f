/**
 * Finds a Chromium to drive with Playwright: the one the caller names (`CHROME_PATH`, read at
 * the edge), then Playwright's own download, then a system Chrome or Chromium. Tests, check,
 * screenshots and the PDF exporter share this. playwright-core, not the test runner: this runs
 * in the commands, and only the commands that open a browser load it.
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright-core';

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

/** `chromePath`: the `CHROME_PATH` the user set, which then must exist. */
export function findBrowser(chromePath?: string): FoundBrowser | undefined {
  if (chromePath) return existsSync(chromePath) ? { executablePath: chromePath, description: `CHROME_PATH (${chromePath})` } : undefined;
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
export function browserLaunchOptions(chromePath?: string): LaunchOptions {
  const browser = findBrowser(chromePath);
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
