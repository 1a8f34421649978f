/**
 * First step of `npm test`: make sure a Chromium exists for the browser tests. On a fresh
 * Debian or Ubuntu machine run as root (CI), install the distribution's `chromium`; anywhere
 * else, say how to get one rather than installing behind the user's back.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser, noBrowserHelp } from '../src/node/find-browser.js';

const found = findBrowser();
if (found) {
  console.log(`Browser for tests: ${found.description}`);
  process.exit(0);
}
const canApt = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(noBrowserHelp);
  process.exit(1);
}
console.log('No Chromium found: installing Debian\'s chromium with apt-get...');
const quiet: ExecFileSyncOptions = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
execFileSync('apt-get', ['update', '-qq'], quiet);
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], quiet);
const installed = findBrowser();
if (!installed) {
  console.error(`apt-get finished but no Chromium was found. ${noBrowserHelp}`);
  process.exit(1);
}
console.log(`Browser for tests: ${installed.description}`);
