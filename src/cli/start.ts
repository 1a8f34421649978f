/**
 * `npm start [manifest]`: builds the deck when dist/ is missing or older than its sources,
 * then serves dist/ for presenting and prints the addresses to open.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { defaultManifest, loadDeck } from '../node/load-deck.js';
import { buildInfoFile } from '../node/vite-plugin-deck.js';
import { createStaticServer } from '../server/static-server.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { build: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`Usage: npm start [-- [--build] [manifest.yml]]

Builds the deck into dist/ if needed and serves it for presenting.
  --build    rebuild even if dist/ looks current
Environment: PORT (default 8080), HOST (default all interfaces), DECK_MANIFEST (default ${defaultManifest}),
DECK_OUT_DIR (default dist).`);
  process.exit(0);
}

const manifest = path.resolve(positionals[0] ?? process.env.DECK_MANIFEST ?? defaultManifest);
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const dist = path.resolve(process.env.DECK_OUT_DIR ?? 'dist');

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry)) continue;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      newest = Math.max(newest, newestMtime(readdirSync(entry).map((name) => path.join(entry, name))));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/** Why dist/ must be rebuilt, or `undefined` when it is current. */
function rebuildReason(): string | undefined {
  const info = path.join(dist, buildInfoFile);
  if (!existsSync(info) || !existsSync(path.join(dist, 'index.html'))) return 'no build in dist/';
  const built = JSON.parse(readFileSync(info, 'utf8')) as { manifest?: string };
  if (built.manifest !== manifest) return 'dist/ holds another manifest';
  const sources = [...loadDeck(manifest).files, 'src', 'index.html', 'vite.config.ts', 'package-lock.json'];
  if (newestMtime(sources) > statSync(info).mtimeMs) return 'sources changed since the last build';
  return undefined;
}

const reason = values.build ? 'asked with --build' : rebuildReason();
if (reason) {
  console.log(`Building the deck (${reason})...`);
  process.env.DECK_MANIFEST = manifest;
  try {
    await build({ logLevel: 'warn' });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const server = createStaticServer({ root: dist });
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is already in use: stop the other server or choose another, e.g. PORT=8081 npm start`
      : `Cannot serve the deck: ${error.message}`,
  );
  process.exit(1);
});
server.listen(port, host, () => {
  const info = JSON.parse(readFileSync(path.join(dist, buildInfoFile), 'utf8')) as { title?: string; slides?: number };
  const network = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}/`);
  console.log(`\n${info.title} (${info.slides} slides) is being served.`);
  console.log(`  Open:     http://localhost:${port}/`);
  if (host === '0.0.0.0' || host === '::') for (const url of network) console.log(`  Network:  ${url}`);
  console.log('  Keys: P presenter view with notes and timer, C clone window for the projector, B blackout, H help.');
  console.log('  Stop with Ctrl+C.');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
