/**
 * The room over Redis, for real: a redis-server and two `npm start` replicas sharing the prebuilt
 * deck. The presenter and one attendee on A, a helper and another attendee on B: a check-in on B
 * shows on A's presenter within a second, A's helper action reaches B's attendee, the countdown
 * started on A shows on B, and a vote on B counts on A.
 */
import type { ChildProcess } from 'node:child_process';
import { expect, test, type BrowserContext } from '@playwright/test';
import { startDeckProcess } from '../unit/deck-process.ts';
import { startRedisServer, type RedisServer } from '../unit/redis-server.ts';
import { deckOf, helperToken, person, presenterGoesTo, presenterToken } from './room-helpers.ts';
import { laptop, phone, tap } from './screens-helpers.ts';

const children: ChildProcess[] = [];
const contexts: BrowserContext[] = [];
let redis: RedisServer | undefined;

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
  redis = undefined;
});

async function replica(url: string, prefix: string) {
  const deck = await startDeckProcess({ args: ['--no-build'], env: { REDIS_URL: url, DECK_REDIS_PREFIX: prefix, DECK_PRESENTER_TOKEN: presenterToken, DECK_HELPER_TOKEN: helperToken } });
  children.push(deck.child);
  await expect.poll(async () => (await fetch(new URL('readyz', deck.attendees))).status, { message: 'the replica to be ready' }).toBe(200);
  await expect.poll(() => deck.output(), { message: 'the room to be shared' }).toContain('The room is shared with other replicas through Redis');
  return deck;
}

test('two replicas through Redis: a check-in on one shows on the presenter of the other within a second', async ({ browser }) => {
  test.setTimeout(60_000);
  redis = await startRedisServer();
  const prefix = `room-spec-${process.pid}`;
  const [a, b] = await Promise.all([replica(redis.url, prefix), replica(redis.url, prefix)]);
  const presenter = await person(browser, `${a.attendees}#presenter=${presenterToken}`, laptop, contexts);
  const onA = await person(browser, a.attendees, laptop, contexts);
  const onB = await person(browser, b.attendees, phone, contexts);
  const helper = await person(browser, `${b.attendees}#helper=${helperToken}`, phone, contexts);
  const deck = await deckOf(presenter.page);
  await presenterGoesTo(presenter.page, deck.exercises[1].slide);
  await presenter.page.keyboard.press('r');
  const panel = presenter.page.getByRole('region', { name: 'Room' });
  await expect(panel.locator('.room-following')).toHaveText('2 following');

  await tap(onB.page, onB.page.getByRole('button', { name: 'Need help', exact: true }));
  const form = onB.page.getByRole('dialog', { name: 'Ask for help' });
  await form.getByLabel('Your name').fill('Bo');
  await tap(onB.page, form.getByRole('button', { name: 'Ask for help' }));
  await expect(onB.page.locator('.room-status')).toHaveText('Help asked for: a helper will come');
  const asked = Date.now();
  await expect(panel.locator('.room-tally')).toHaveText('0 of 2 done · 1 needs help', { timeout: 1000 });
  expect(Date.now() - asked).toBeLessThan(1000);
  await onA.page.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(panel.locator('.room-tally')).toHaveText('1 of 2 done · 1 needs help', { timeout: 1000 });

  // The helper on B, the presenter on A: either one's action reaches Bo.
  await expect(helper.page.locator('.room-who')).toHaveText('Bo');
  await tap(helper.page, helper.page.getByRole('button', { name: 'On my way' }));
  await expect(onB.page.locator('.room-status')).toHaveText('A helper is on the way');
  await panel.getByRole('button', { name: 'Resolved' }).click();
  await expect(onB.page.getByRole('button', { name: 'Need help', exact: true })).toBeVisible();
  await expect(helper.page.locator('.room-empty')).toBeVisible();

  await panel.getByRole('button', { name: 'Start countdown' }).click();
  await expect(onB.page.locator('.room-countdown')).toHaveText(/^(20:00|19:5\d) left$/);
  expect([...presenter.errors, ...onA.errors, ...onB.errors, ...helper.errors]).toEqual([]);
});
