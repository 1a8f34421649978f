/**
 * `npm start [manifest]`: builds the deck when dist/ is missing or older than its sources,
 * then serves dist/ with the follow service and prints the attendees' and presenter's addresses.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, rebuildReason } from '../node/ensure-build.js';
import { defaultManifest } from '../node/load-deck.js';
import { buildInfoFile } from '../node/vite-plugin-deck.js';
import { followBanner, presenterTokenFromEnv } from '../server/follow-banner.js';
import { createFollowServer, newPresenterToken, type BuildInfo } from '../server/follow-server.js';
import { createStaticServer } from '../server/static-server.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { build: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`Usage: npm start [-- [--build] [manifest.yml]]

Builds the deck into dist/ if needed and serves it for presenting; attendees who open the
printed Attendees address follow the presenter's slides.
  --build    rebuild even if dist/ looks current
Environment: PORT (default 8080), HOST (default all interfaces), DECK_MANIFEST (default ${defaultManifest}),
DECK_OUT_DIR (default dist), DECK_PRESENTER_TOKEN (the presenter secret; default a fresh one each start).`);
  process.exit(0);
}

const manifest = path.resolve(positionals[0] ?? process.env.DECK_MANIFEST ?? defaultManifest);
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const dist = path.resolve(process.env.DECK_OUT_DIR ?? 'dist');
let token: string;
try {
  token = presenterTokenFromEnv() ?? newPresenterToken();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const reason = values.build ? 'asked with --build' : rebuildReason(manifest, dist);
if (reason) {
  console.log(`Building the deck (${reason})...`);
  try {
    await buildSite(manifest, dist);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const info = JSON.parse(readFileSync(path.join(dist, buildInfoFile), 'utf8')) as BuildInfo & { title?: string };
const follow = createFollowServer({ token, buildInfo: () => info });
const server = createStaticServer({ root: dist, middleware: follow.handle });
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${port} is already in use: stop the other server or choose another, e.g. PORT=8081 npm start`
      : `Cannot serve the deck: ${error.message}`,
  );
  process.exit(1);
});
server.listen(port, host, async () => {
  console.log(`\n${info.title} (${info.slides} slides) is being served.`);
  // The port listened on: PORT=0 picks a free one.
  console.log(await followBanner({ port: (server.address() as AddressInfo).port, host, token }));
  console.log('  Keys: P presenter view with notes and timer, O overview, C clone window for the projector, B blackout, H help.');
  console.log('  Stop with Ctrl+C.');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Attendee streams never end by themselves: close them, or the server waits forever.
    follow.close();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
