/**
 * First step of `npm test`: make sure the programs the tests drive exist. On a fresh Debian or
 * Ubuntu machine run as root (CI), install what is missing from the distribution's packages;
 * anywhere else, say what to install rather than installing behind the user's back.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readEnvironment } from '../src/cli/environment.js';
import { findBrowser, noBrowserHelp } from '../src/node/find-browser.js';

interface Tool {
  name: string;
  /** Where it was found, or `undefined`. */
  find: () => string | undefined;
  aptPackage: string;
  help: string;
}

function onPath(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const tools: Tool[] = [
  { name: 'Chromium', find: () => findBrowser(readEnvironment().chromePath)?.description, aptPackage: 'chromium', help: noBrowserHelp },
  {
    name: 'poppler-utils (pdftotext, pdfinfo, pdftoppm)',
    find: () => onPath('pdftotext'),
    aptPackage: 'poppler-utils',
    help: 'Install poppler-utils (apt install poppler-utils, brew install poppler).',
  },
  {
    // The PDF tests read the handout back with a reader that is not ours.
    name: 'qpdf',
    find: () => onPath('qpdf'),
    aptPackage: 'qpdf',
    help: 'Install qpdf (apt install qpdf, brew install qpdf).',
  },
  {
    // The follow-over-Redis tests start their own redis-server on a loopback port.
    name: 'redis-server',
    find: () => onPath('redis-server'),
    aptPackage: 'redis-server',
    help: 'Install Redis (apt install redis-server, brew install redis); the tests start it themselves.',
  },
];

const missing = tools.filter((tool) => {
  const found = tool.find();
  if (found) console.log(`${tool.name}: ${found}`);
  return !found;
});
if (missing.length === 0) process.exit(0);

const canApt = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  for (const tool of missing) console.error(`Missing ${tool.name}. ${tool.help}`);
  process.exit(1);
}
const packages = missing.map((tool) => tool.aptPackage);
console.log(`Installing with apt-get: ${packages.join(' ')}...`);
const quiet: ExecFileSyncOptions = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
execFileSync('apt-get', ['update', '-qq'], quiet);
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], quiet);
const stillMissing = missing.filter((tool) => !tool.find());
for (const tool of stillMissing) console.error(`apt-get finished but ${tool.name} is still missing. ${tool.help}`);
process.exit(stillMissing.length ? 1 : 0);
