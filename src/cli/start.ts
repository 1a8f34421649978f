/**
 * `npm start [manifest]`: builds the deck when dist/ is missing, older than its sources or of
 * another variant, then serves dist/ with the follow service and prints the attendees' and
 * presenter's addresses. The handout PDF is offered when dist/ has one of this build, else
 * exported in the background (src/pdf/handout-export.ts). With `REDIS_URL`, the presenter's
 * position is shared with other replicas through Redis (see docs/deploy.md). SIGTERM or SIGINT:
 * a graceful stop within `DECK_SHUTDOWN_TIMEOUT_MS`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensureBuilt } from '../node/ensure-build.js';
import { defaultManifest } from '../node/site-options.js';
import { followAddresses, followBanner } from '../server/follow-banner.js';
import { createFollowServer } from '../server/follow-server.js';
import type { ClockStore } from '../server/clock-store.js';
import { createHandoutServer } from '../server/handout.js';
import type { StateStore } from '../server/follow-store.js';
import type { RoomStore } from '../server/room-store.js';
import { createClockStore, createRoomStore, createStateStore } from '../server/state-store.js';
import { createStaticServer } from '../server/static-server.js';
import { buildInfoFile, type BuildInfo } from '../shared/build-info.js';
import { helpOption, parseCommandArgs, variantHelp, variantOption } from './arguments.js';
import { readEnvironment, readServeEnvironment, siteOptions, type ServeEnvironment } from './environment.js';

const usage = `Usage: npm start [-- [--build | --no-build] [--no-pdf] [--variant name] [--new-secret] [--secret-file file] [manifest.yml]]

Builds the deck (default DECK_MANIFEST, else ${defaultManifest}) into dist/ if needed and serves
it for presenting; attendees who open the printed Attendees address follow the presenter's slides.
Attendees download the handout PDF from their menu: the one \`npm run build -- --pdf\` made, or
else one exported in the background when a Chromium is found.
  --build           rebuild even if dist/ looks current
  --no-build        serve the build folder as it is (a container image, replicas sharing one build)
  --new-secret      replace the presenter's kept secret with a new one: the old Presenter address stops working
  --secret-file f   keep the presenter's secret in this file (default DECK_SECRET_FILE, else
                    presenter.secret in the deck's folder under ~/.config/workshop-deck/)
  --no-pdf          do not export the handout in the background (one already made is offered)
${variantHelp}
Environment (README.md has the table): PORT (default 8080), HOST (default all interfaces),
DECK_PUBLIC_URL (the address attendees open, when not this machine's: a proxy, a DNS name),
DECK_MANIFEST, DECK_VARIANT, DECK_OUT_DIR (default dist), DECK_PRESENTER_TOKEN (the presenter
secret; default the one kept in the secret file, made the first time, printed only to a
terminal), DECK_HELPER_TOKEN (the helpers' secret for the help queue; default kept beside the
presenter's), DECK_SECRET_FILE, XDG_CONFIG_HOME (default ~/.config), TRUSTED_PROXIES (proxies
whose X-Forwarded-For is believed, e.g. uniquelocal or 10.0.0.0/8; default none),
DECK_STREAMS_PER_CLIENT (attendee streams one address may hold, default 20), REDIS_URL (share the
presenter's position with other replicas, e.g. redis://redis:6379), DECK_REDIS_PREFIX (Redis key
prefix, default deck-follow), DECK_SHUTDOWN_TIMEOUT_MS (default 10000).`;

const stamp = () => new Date().toISOString();

export async function main(args: string[]): Promise<void> {
  const { positionals, values } = parseCommandArgs('start', args, {
    build: { type: 'boolean' },
    'no-build': { type: 'boolean' },
    'new-secret': { type: 'boolean' },
    'secret-file': { type: 'string' },
    'no-pdf': { type: 'boolean' },
    ...variantOption,
    ...helpOption,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const env = readEnvironment();
  const site = siteOptions({ manifest: positionals[0], variant: values.variant }, env);
  const dist = site.outDir;
  let serve: ServeEnvironment;
  let store: StateStore;
  let clock: ClockStore;
  let roomStore: RoomStore;
  try {
    serve = await readServeEnvironment(undefined, { manifest: site.manifest, secretFile: values['secret-file'], newSecret: values['new-secret'] });
    if (values['new-secret'] && serve.follow.tokenSource === 'env') console.warn('--new-secret: DECK_PRESENTER_TOKEN is set and wins; the kept secret is left as it is.');
    const log = (line: string) => console.log(`${stamp()} ${line}`);
    store = await createStateStore({ redis: serve.redis, log });
    clock = await createClockStore({ redis: serve.redis, file: serve.follow.clockFile, log });
    roomStore = await createRoomStore({ redis: serve.redis, log });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const port = serve.port ?? 8080;
  const host = serve.host ?? '0.0.0.0';

  if (values['no-build'] && !existsSync(path.join(dist, buildInfoFile))) {
    console.error(`--no-build: there is no build in ${dist}; run npm run build first (or drop --no-build)`);
    process.exit(1);
  }
  if (!values['no-build']) await ensureBuilt(site, !!values.build, (line) => console.log(line));

  const info = JSON.parse(readFileSync(path.join(dist, buildInfoFile), 'utf8')) as BuildInfo;
  const { token, tokenSource, secretFile, helperToken, helperTokenSource, helperSecretFile, trustedProxies, streamsPerClient } = serve.follow;
  const handout = createHandoutServer({ dir: dist, buildId: () => info.buildId, title: info.title });
  /** The Attendees address as the banner prints it, once listening: the join card shows it. */
  let attendees: (() => string) | undefined;
  const follow = createFollowServer({
    token,
    helperToken,
    buildInfo: () => info,
    join: () => attendees?.(),
    handout: handout.announce,
    store,
    clock,
    roomStore,
    trustedProxies,
    streamsPerClient,
    log: (line) => console.warn(`${stamp()} ${line}`),
  });
  const server = createStaticServer({
    root: dist,
    middleware: (req, res, next) => handout.handle(req, res, () => follow.handle(req, res, next)),
    warn: (line) => console.warn(line),
  });
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
    const listening = (server.address() as AddressInfo).port;
    attendees = () => followAddresses({ port: listening, host, publicUrl: serve.publicUrl }).attendees;
    const helper = { token: helperToken, tokenSource: helperTokenSource, secretFile: helperSecretFile };
    console.log(await followBanner({ port: listening, host, publicUrl: serve.publicUrl, token, tokenSource, secretFile, helper, terminal: process.stdout.isTTY === true }));
    console.log('  Keys: P presenter console (notes, next slide, clocks, pacing, the room), O overview, R the room, C clone window for the projector, B blackout, J join card, H help.');
    console.log('  Stop with Ctrl+C.');
    if (values['no-pdf']) return;
    // After the banner: the deck is usable at once, the handout comes when it is ready.
    const { exportHandoutInBackground } = await import('../pdf/handout-export.js');
    void exportHandoutInBackground({
      dist,
      manifest: site.manifest,
      chromePath: env.chromePath,
      createdAt: env.createdAt,
      buildId: info.buildId,
      log: (line) => console.log(`${stamp()} ${line}`),
    });
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`${stamp()} ${signal}: stopping; followers are told to reconnect (behind a load balancer, to another replica).`);
      // Whatever still hangs after the grace period, the process ends within it.
      setTimeout(() => process.exit(0), serve.shutdownTimeoutMs).unref();
      // No new connections; readiness turns 503; attendee streams, which never end by themselves,
      // are ended so that their pages reconnect at once.
      const serverClosed = new Promise((resolve) => server.close(resolve));
      void follow
        .close() // also closes the Redis connections
        .finally(async () => {
          server.closeIdleConnections();
          // A file download in progress gets a moment to finish.
          setTimeout(() => server.closeAllConnections(), 500).unref();
          await serverClosed;
          process.exit(0);
        });
    });
  }
}
