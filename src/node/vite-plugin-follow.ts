/**
 * The follow service in `npm run dev`: the same handler `npm start` mounts, on Vite's own
 * server, so attendees follow the presenter in both modes, with the same security headers on
 * every response. Like `npm start`, it listens on all interfaces unless told a host, and prints
 * the Attendees and Presenter lines after Vite's own addresses. With `redis`, the state is shared
 * through Redis here too (rarely wanted in dev). vite.config.ts reads the settings from the
 * environment (src/cli/environment.ts) and passes them here. Errors (Vite's overlay) go to the
 * presenter's page only (dev-error-routing.ts).
 */
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';
import type { RoomPlan } from '../core/room-plan.js';
import { followAddresses, followBanner } from '../server/follow-banner.js';
import { presenterSecret } from '../server/follow-guard.js';
import { createFollowServer } from '../server/follow-server.js';
import type { FollowSettings } from '../server/follow-settings.js';
import { createClockStore, createRoomStore, createStateStore, type StateStoreOptions } from '../server/state-store.js';
import { setSecurityHeaders } from '../server/static-server.js';
import { routeErrorsToPresenter } from './dev-error-routing.js';

export interface FollowPluginOptions {
  settings: FollowSettings;
  /** Share the state through Redis. */
  redis?: StateStoreOptions['redis'];
  /** The host to listen on when the Vite config names none; default all interfaces. */
  host?: string;
  /** `DECK_PUBLIC_URL`: the attendees' address when it is not this machine's. */
  publicUrl?: string;
}

interface DeckPluginApi {
  buildId(): string | undefined;
  roomPlan(): RoomPlan | undefined;
}

export function followPlugin(options: FollowPluginOptions): Plugin[] {
  return [securityHeadersPlugin(), followServicePlugin(options)];
}

/** `npm start`'s security headers (src/server/static-server.ts) on every dev server response. */
function securityHeadersPlugin(): Plugin {
  return {
    name: 'deck:security-headers',
    // First of all plugins, so that the deck's images and Vite's own pages and modules get them too.
    enforce: 'pre',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        setSecurityHeaders(res);
        next();
      });
    },
  };
}

function followServicePlugin(options: FollowPluginOptions): Plugin {
  return {
    name: 'deck:follow',
    // Dev server only.
    apply: 'serve',
    config(config) {
      if (config.server?.host !== undefined) return;
      return { server: { host: options.host ?? true } };
    },
    // The page that tells the dev server it is the presenter's: its own module, so that it runs
    // even when the deck does not load.
    transformIndexHtml: () => [{ tag: 'script', attrs: { type: 'module', src: '/src/runtime/dev-presenter.ts' }, injectTo: 'head' }],
    async configureServer(server) {
      const { token, tokenSource, secretFile, clockFile, helperToken, helperTokenSource, helperSecretFile, trustedProxies, streamsPerClient } = options.settings;
      const deck = server.config.plugins.find((plugin) => plugin.name === 'deck')?.api as DeckPluginApi | undefined;
      const log = (line: string) => server.config.logger.info(line, { timestamp: true });
      const [store, clock, roomStore] = await Promise.all([
        createStateStore({ redis: options.redis, log }),
        createClockStore({ redis: options.redis, file: clockFile, log }),
        createRoomStore({ redis: options.redis, log }),
      ]);
      /** The banner's Attendees address, for the join card: known once Vite listens. */
      const attendees = () => {
        const address = server.httpServer?.address() as AddressInfo | null;
        return address ? followAddresses({ port: address.port, host: listenedHost(), publicUrl: options.publicUrl }).attendees : undefined;
      };
      const listenedHost = () => {
        const host = server.config.server.host;
        return host === true || host === undefined ? '0.0.0.0' : String(host);
      };
      const follow = createFollowServer({
        token,
        helperToken,
        buildInfo: () => ({ buildId: deck?.buildId(), room: deck?.roomPlan() }),
        join: attendees,
        store,
        clock,
        roomStore,
        trustedProxies,
        streamsPerClient,
        log: (line) => server.config.logger.warn(line, { timestamp: true }),
      });
      server.middlewares.use(follow.handle);
      const checkSecret = presenterSecret(token);
      routeErrorsToPresenter(server, (secret) => checkSecret(`Bearer ${secret}`) === 'valid');
      server.httpServer?.on('close', () => void follow.close());
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        const address = server.httpServer?.address() as AddressInfo | null;
        if (!address) return;
        const terminal = process.stdout.isTTY === true;
        const helper = { token: helperToken, tokenSource: helperTokenSource, secretFile: helperSecretFile };
        void followBanner({ port: address.port, host: listenedHost(), publicUrl: options.publicUrl, token, tokenSource, secretFile, helper, terminal }).then((banner) =>
          server.config.logger.info(`\n${banner}\n`),
        );
      };
    },
  };
}
