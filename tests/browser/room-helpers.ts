/** The room's browser tests: a deck server of their own with the room, and the people in it. */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { createFollowServer, type FollowServerOptions } from '../../src/server/follow-server.ts';
import { createStaticServer } from '../../src/server/static-server.ts';
import type { RoomPlan } from '../../src/core/room-plan.ts';
import type { BuildInfo } from '../../src/shared/build-info.ts';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { recordErrors, waitForDeck } from './helpers.ts';
import { dist } from './screens-helpers.ts';

export const presenterToken = 'room-spec-presenter-secret';
export const helperToken = 'room-spec-helpers-secret';

export interface RoomDeck {
  attendees: string;
  presenter: string;
  helpers: string;
  /** Moves the room's clock on (countdowns end sooner). */
  skip(ms: number): void;
  stop(): Promise<void>;
}

/** The build info of the build the tests serve, as the server reads it from disk. */
const buildInfoOnDisk = (): BuildInfo => JSON.parse(readFileSync(path.join(dist, 'deck-build.json'), 'utf8')) as BuildInfo;

/** The room plan of the build the tests serve (the server's: the page never gets it whole). */
export function roomPlanOnDisk(): RoomPlan {
  return buildInfoOnDisk().room!;
}

/** The built deck with the follow service and its room, in this process, with a clock the test can move. */
export async function startRoomDeck(options: Partial<FollowServerOptions> = {}): Promise<RoomDeck> {
  const info = buildInfoOnDisk();
  let skew = 0;
  const follow = createFollowServer({ token: presenterToken, helperToken, buildInfo: () => info, room: { clock: () => Date.now() + skew }, ...options });
  const http: Server = createStaticServer({ root: dist, middleware: follow.handle });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    attendees: `${origin}/`,
    presenter: `${origin}/#presenter=${presenterToken}`,
    helpers: `${origin}/#helper=${helperToken}`,
    skip: (ms) => void (skew += ms),
    stop: async () => {
      await follow.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

export interface Person {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/** Someone's own browser on `url`, the deck ready (or, for a helper, the queue shown). */
export async function person(browser: Browser, url: string, options: BrowserContextOptions = {}, contexts: BrowserContext[] = []): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(url);
  await waitForDeck(page);
  return { page, context, errors };
}

export const deckOf = (page: Page): Promise<PageDeck> => page.evaluate(() => window.deck);

/** The presenter goes to slide `index` (0-based) by typing its number, as on a keyboard. */
export async function presenterGoesTo(presenter: Page, index: number): Promise<void> {
  await presenter.keyboard.type(String(index + 1));
  await presenter.keyboard.press('Enter');
  await expect.poll(() => presenter.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(index);
}
