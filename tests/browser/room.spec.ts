/**
 * The room, end to end, in Chromium: a presenter, a helper on a phone and three attendees (two
 * laptops, a phone). Done, Need help (a hostile name shows as typed), the helper on the way,
 * resolved, undo, a reload; the countdown on attendees, the presenter and the projector, with
 * "time's up" and the done ratio; a poll opened, voted, changed, closed and revealed. A static
 * host shows none of it and asks for nothing.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import path from 'node:path';
import type { ViteDevServer } from 'vite';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { recordRequests, repoRoot, startDevServer, stopDevServer, waitForDeck } from './helpers.ts';
import { deckOf, helperToken, person, presenterGoesTo, presenterToken, roomPlanOnDisk, startRoomDeck, type RoomDeck } from './room-helpers.ts';
import { laptop, phone, screenshot, smallControls, startStaticDeck, tap, type DeckServer } from './screens-helpers.ts';

let server: RoomDeck | undefined;
let staticServer: DeckServer | undefined;
let vite: ViteDevServer | undefined;
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await server?.stop();
  await staticServer?.stop();
  await stopDevServer(vite);
  server = staticServer = vite = undefined;
});

const hostile = '<img src=x onerror="window.pwned=1">';
const pwned = (page: Page) => page.evaluate(() => (window as unknown as { pwned?: number }).pwned);
const doneButton = (page: Page) => page.getByRole('button', { name: 'Done', exact: true });
const helpButton = (page: Page) => page.getByRole('button', { name: 'Need help', exact: true });
const undoButton = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true });

test('check-ins, the help queue, a helper on the way, undo and a reload', async ({ browser }) => {
  test.setTimeout(60_000);
  server = await startRoomDeck();
  const presenter = await person(browser, server.presenter, laptop, contexts);
  const helper = await person(browser, server.helpers, phone, contexts);
  const [ana, bo] = [await person(browser, server.attendees, laptop, contexts), await person(browser, server.attendees, phone, contexts)];
  const cy = await person(browser, server.attendees, laptop, contexts);
  const deck = await deckOf(presenter.page);
  const exercise = deck.exercises[0];

  // No bar before the exercise; then Done and Need help for everyone following.
  await expect(ana.page.locator('.room-bar')).toBeHidden();
  await presenterGoesTo(presenter.page, exercise.slide);
  for (const [name, { page }] of Object.entries({ ana, bo, cy })) {
    await expect(doneButton(page), `${name} sees Done`).toBeVisible();
    await expect(helpButton(page), `${name} sees Need help`).toBeVisible();
  }
  await presenter.page.keyboard.press('r');
  const panel = presenter.page.getByRole('region', { name: 'Room' });
  await expect(panel.locator('.room-following')).toHaveText('3 following');
  await expect(panel.locator('.room-tally')).toHaveText('0 of 3 done · 0 need help');

  await doneButton(ana.page).click();
  await expect(ana.page.locator('.room-status')).toHaveText('Done ✓');
  await expect(panel.locator('.room-tally')).toHaveText('1 of 3 done · 0 need help', { timeout: 1000 });

  // Bo asks for help on the phone, once for name and seat; the name is a piece of HTML.
  await tap(bo.page, helpButton(bo.page));
  const form = bo.page.getByRole('dialog', { name: 'Ask for help' });
  await form.getByLabel('Your name').fill(hostile);
  await form.getByLabel('Seat or table').fill('Table 4');
  await screenshot(bo.page, 'room-phone-help-form');
  expect(await smallControls(bo.page, '.room-bar button, .room-help-form button, .room-help-form input')).toEqual([]);
  await tap(bo.page, form.getByRole('button', { name: 'Ask for help' }));
  await expect(bo.page.locator('.room-status')).toHaveText('Help asked for: a helper will come');
  await expect(panel.locator('.room-tally')).toHaveText('1 of 3 done · 1 needs help', { timeout: 1000 });
  const request = panel.locator('.room-request');
  await expect(request.locator('.room-who')).toHaveText(hostile);
  await expect(request.locator('.room-where')).toContainText('Table 4');
  const queued = helper.page.locator('.room-request');
  await expect(queued.locator('.room-who')).toHaveText(hostile);
  for (const page of [presenter.page, helper.page]) {
    await expect(page.locator('.room-request img')).toHaveCount(0);
    expect(await pwned(page)).toBeUndefined();
  }
  // Nothing of Bo reaches the other attendees.
  expect(await ana.page.content()).not.toContain('Table 4');

  await helper.page.getByLabel(/Your name/).fill('Dee');
  await tap(helper.page, queued.getByRole('button', { name: 'On my way' }));
  await expect(bo.page.locator('.room-status')).toHaveText('A helper is on the way');
  await expect(request.locator('.room-coming')).toHaveText('Dee on the way (just now)');
  await screenshot(helper.page, 'room-helper-queue');
  expect(await smallControls(helper.page, '.helper-page button, .helper-page input')).toEqual([]);
  await screenshot(presenter.page, 'room-presenter-panel');
  await screenshot(bo.page, 'room-phone-helper-coming');
  await tap(helper.page, queued.getByRole('button', { name: 'Resolved' }));
  await expect(helper.page.locator('.room-empty')).toBeVisible();
  await expect(helpButton(bo.page)).toBeVisible();

  // Undo; and a check-in survives a reload and shows on the exercise's slide when browsing back.
  await undoButton(ana.page).click();
  await expect(panel.locator('.room-tally')).toHaveText('0 of 3 done · 0 need help', { timeout: 1000 });
  await doneButton(cy.page).click();
  await expect(cy.page.locator('.room-status')).toHaveText('Done ✓');
  await cy.page.reload();
  await waitForDeck(cy.page);
  await expect(cy.page.locator('.room-status')).toHaveText('Done ✓');
  await cy.page.keyboard.press('ArrowLeft');
  await expect(cy.page.locator('.room-bar')).toBeHidden();
  await cy.page.keyboard.press('ArrowRight');
  await expect(cy.page.locator('.room-status')).toHaveText('Done ✓');
  await expect(panel.locator('.room-tally')).toHaveText('1 of 3 done · 0 need help');
  await screenshot(ana.page, 'room-laptop-exercise');
  await screenshot(bo.page, 'room-phone-exercise');
  await bo.page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(bo.page, 'room-phone-exercise-dark');

  // The helpers' secret moves no slide: the helper's page posts nothing to control.
  const control = await helper.page.evaluate(async (secret) => {
    const response = await fetch('_follow/control', { method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ slide: 0, blackout: false }) });
    return response.status;
  }, helperToken);
  expect(control).toBe(401);
  await helper.page.keyboard.press('ArrowRight');
  expect(await ana.page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(exercise.slide);
  const refusedOnPurpose = (error: string) => error.includes('401') && error.includes('_follow/control');
  expect([...presenter.errors, ...helper.errors.filter((e) => !refusedOnPurpose(e)), ...ana.errors, ...bo.errors, ...cy.errors]).toEqual([]);
});

test('the countdown reaches attendees browsing elsewhere, the presenter and the projector; time\'s up comes with the done ratio', async ({ browser }) => {
  server = await startRoomDeck();
  const presenter = await person(browser, server.presenter, laptop, contexts);
  const ana = await person(browser, server.attendees, laptop, contexts);
  const bo = await person(browser, server.attendees, phone, contexts);
  const deck = await deckOf(presenter.page);
  const exercise = deck.exercises[0];
  await presenterGoesTo(presenter.page, exercise.slide);
  await presenter.page.keyboard.press('r');
  const panel = presenter.page.getByRole('region', { name: 'Room' });
  await expect(panel.getByLabel('Minutes')).toHaveValue(String(exercise.minutes));
  const [projector] = await Promise.all([presenter.page.waitForEvent('popup'), presenter.page.keyboard.press('c')]);
  await waitForDeck(projector);
  await projector.setViewportSize(laptop.viewport);

  await panel.getByRole('button', { name: 'Start countdown' }).click();
  await expect(panel.locator('.room-timer')).toHaveText(/^(20:00|19:5\d) left$/);
  await expect(ana.page.locator('.room-countdown')).toHaveText(/^(20:00|19:5\d) left$/);
  await expect(projector.locator('.room-pill')).toHaveText(/^(20:00|19:5\d) left$/);
  await expect(projector.locator('.room-request, .room-panel')).toHaveCount(0);
  // Browsing away: the countdown stays on screen.
  await bo.page.evaluate(() => window.slideshow.gotoSlide(1));
  await expect(bo.page.locator('.room-countdown')).toBeVisible();
  await expect(doneButton(bo.page)).toBeHidden();
  await screenshot(projector, 'room-projector-countdown');

  await doneButton(ana.page).click();
  // Twenty minutes later by the room's clock: the next change brings it to every screen concerned.
  server.skip(20 * 60_000);
  await undoButton(ana.page).click();
  await doneButton(ana.page).click();
  await expect(panel.locator('.room-timer')).toHaveText('Time’s up · 1 of 2 done');
  await expect(presenter.page.locator('.room-pill')).toHaveText('Time’s up · 1 of 2 done');
  await expect(ana.page.locator('.room-countdown')).toHaveText('Time’s up');
  await screenshot(presenter.page, 'room-presenter-times-up');
  await panel.getByRole('button', { name: 'Stop countdown' }).click();
  await expect(ana.page.locator('.room-countdown')).toBeHidden();
  await expect(projector.locator('.room-pill')).toBeHidden();
  expect([...presenter.errors, ...ana.errors, ...bo.errors]).toEqual([]);
});

test('a poll: opened, one vote each and changeable, live bars, closed, revealed to everyone', async ({ browser }) => {
  server = await startRoomDeck();
  const presenter = await person(browser, server.presenter, laptop, contexts);
  const attendees = [await person(browser, server.attendees, laptop, contexts), await person(browser, server.attendees, phone, contexts), await person(browser, server.attendees, laptop, contexts)];
  const deck = await deckOf(presenter.page);
  const poll = deck.polls[0];
  // The answer is the server's (deck-build.json on disk); the page's model has none, and the
  // build info the page reads carries no room plan.
  const correct = roomPlanOnDisk().polls.find((p) => p.id === poll.id)?.correct;
  expect(correct).toBeGreaterThanOrEqual(0);
  expect(poll).not.toHaveProperty('correct');
  const served = await attendees[0].page.evaluate(async () => (await fetch('deck-build.json')).text());
  expect(served).not.toContain('correct');
  await presenterGoesTo(presenter.page, poll.slide);
  await presenter.page.keyboard.press('r');
  const panel = presenter.page.getByRole('region', { name: 'Room' });
  await expect(panel.locator('.room-poll-state')).toHaveText('Not put to the room yet');
  // The presenter knows it before anyone votes.
  await expect(panel.locator('.room-poll-bars li').nth(correct!)).toHaveClass(/room-correct/);
  const choices = (page: Page) => page.locator('.remark-visible .poll .poll-choice');
  await expect(choices(attendees[0].page).first()).toBeDisabled();

  await panel.getByRole('button', { name: 'Open poll' }).click();
  await expect(choices(attendees[0].page).first()).toBeEnabled();
  await choices(attendees[0].page).nth(0).click();
  await tap(attendees[1].page, choices(attendees[1].page).nth(1));
  await choices(attendees[2].page).nth(0).click();
  await choices(attendees[2].page).nth(2).click(); // changed their mind
  await expect(choices(attendees[2].page).nth(2)).toHaveAttribute('aria-pressed', 'true');
  await expect(choices(attendees[2].page).nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(panel.locator('.room-votes')).toHaveText(['1', '1', '1'], { timeout: 1000 });
  await expect(panel.locator('.room-poll-state')).toHaveText('Open · 3 of 3 voted');
  await screenshot(attendees[1].page, 'room-phone-poll-voting');
  expect(await smallControls(attendees[1].page, '.remark-visible .poll-choice')).toEqual([]);

  await panel.getByRole('button', { name: 'Close poll' }).click();
  await expect(choices(attendees[0].page).first()).toBeDisabled();
  await expect(attendees[0].page.locator('.remark-visible .poll-result')).toHaveCount(0);
  await expect(attendees[0].page.locator('.remark-visible .poll-is-correct')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Reveal results' }).click();
  for (const { page } of [...attendees, presenter]) {
    await expect(page.locator('.remark-visible .poll .poll-count')).toHaveText(['1 · 33%', '1 · 33%', '1 · 33%']);
    await expect(page.locator('.remark-visible .poll li').nth(correct!)).toHaveClass(/poll-is-correct/);
  }
  await screenshot(attendees[1].page, 'room-phone-poll-revealed');
  await screenshot(presenter.page, 'room-presenter-poll');
  expect([...presenter.errors, ...attendees.flatMap((a) => a.errors)]).toEqual([]);
});

test('on a plain static host there is no room: no bar, no poll buttons, no request', async ({ browser }) => {
  staticServer = await startStaticDeck();
  const context = await browser.newContext(laptop);
  contexts.push(context);
  const requests = recordRequests(context);
  const page = await context.newPage();
  await page.goto(staticServer.attendees);
  await waitForDeck(page);
  const deck = await deckOf(page);
  for (const slide of [deck.exercises[0].slide, deck.polls[0].slide]) {
    await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), slide);
    await expect.poll(() => page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(slide);
  }
  await expect(page.locator('.room-bar, .poll-choice, .poll-status')).toHaveCount(0);
  const after = requests.requests.filter((url) => url.endsWith('deck-build.json') || /_room|_follow|room-|attendee-room|poll-board/.test(url));
  expect(after.map((url) => new URL(url).pathname)).toEqual(['/deck-build.json']);
});

test('npm run dev: the same room, its exercises known from the deck being served', async ({ browser }) => {
  const settings = followSettingsFromEnv({ DECK_PRESENTER_TOKEN: presenterToken, DECK_HELPER_TOKEN: helperToken });
  let url: string;
  ({ server: vite, url } = await startDevServer(path.join(repoRoot, 'slides/workshop.yml'), settings));
  const presenter = await person(browser, `${url}#presenter=${presenterToken}`, laptop, contexts);
  const attendee = await person(browser, url, phone, contexts);
  const deck = await deckOf(presenter.page);
  await presenterGoesTo(presenter.page, deck.exercises.at(-1)!.slide);
  await presenter.page.keyboard.press('r');
  const panel = presenter.page.getByRole('region', { name: 'Room' });
  await tap(attendee.page, doneButton(attendee.page));
  await expect(panel.locator('.room-tally')).toHaveText('1 of 1 done · 0 need help');
  expect([...presenter.errors, ...attendee.errors]).toEqual([]);
});
