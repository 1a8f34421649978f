/**
 * The room's screens and the presenter's moves as attendees see them: blackout dims an attendee's
 * page (with a way to keep reading) instead of blanking it; the projector (remark's clone window)
 * shows nothing meant for one person and takes `D` for a dark room; a plain static host keeps
 * the presenting keys for whoever opened the deck.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitForDeck } from './helpers.ts';
import { firstSlideWith, laptop, phone, screenshot, startFollowDeck, startStaticDeck, swipe, tap, useScreens } from './screens-helpers.ts';

const { open, serve } = useScreens();

const current = (page: Page) => page.evaluate(() => window.slideshow.getCurrentSlideIndex());

test('blackout dims a following attendee, who keeps reading with a tap or a key; the presenter\'s own screen goes black', async ({ browser }) => {
  const server = await serve(startFollowDeck());
  const presenter = await open(browser, server.presenter);
  const laptopAttendee = await open(browser, server.attendees);
  const phoneAttendee = await open(browser, server.attendees, phone);
  await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 2 attendees');
  for (let i = 0; i < 5; i++) await presenter.page.keyboard.press('ArrowRight');
  await expect.poll(() => current(phoneAttendee.page)).toBe(5);

  await presenter.page.keyboard.press('b');
  await expect(presenter.page.locator('body')).toHaveClass(/remark-blackout-mode/);
  for (const { page } of [laptopAttendee, phoneAttendee]) {
    const dim = page.locator('.blackout-dim');
    await expect(dim).toBeVisible();
    await expect(dim).toContainText('The presenter paused the screen');
    await expect(dim).toContainText('keep reading');
    // Dimmed, not black: the slide shows through, and remark's black backdrop stays away.
    expect(Number(await dim.evaluate((el) => getComputedStyle(el).backgroundColor.match(/[\d.]+\)$/)?.[0].replace(')', '')))).toBeLessThan(0.9);
    await expect(page.locator('.remark-backdrop')).toBeHidden();
  }
  await screenshot(phoneAttendee.page, 'phone-blackout-dim');
  await screenshot(laptopAttendee.page, 'laptop-blackout-dim');

  // A tap lifts it on the phone; a key on the laptop, and that key does nothing else.
  await phoneAttendee.page.touchscreen.tap(200, 400);
  await expect(phoneAttendee.page.locator('.blackout-dim')).toBeHidden();
  expect(await current(phoneAttendee.page)).toBe(5);
  await laptopAttendee.page.keyboard.press('ArrowRight');
  await expect(laptopAttendee.page.locator('.blackout-dim')).toBeHidden();
  expect(await current(laptopAttendee.page)).toBe(5);
  await expect(laptopAttendee.page.locator('.follow-live')).toBeHidden(); // still following

  // Lifted stays lifted until the next blackout, which dims again.
  await presenter.page.keyboard.press('ArrowRight');
  await expect.poll(() => current(phoneAttendee.page)).toBe(6);
  await expect(phoneAttendee.page.locator('.blackout-dim')).toBeHidden();
  await presenter.page.keyboard.press('b');
  await expect(presenter.page.locator('body')).not.toHaveClass(/remark-blackout-mode/);
  await presenter.page.keyboard.press('b');
  await expect(phoneAttendee.page.locator('.blackout-dim')).toBeVisible();
  await phoneAttendee.page.getByRole('button', { name: 'Keep reading' }).click();
  await expect(phoneAttendee.page.locator('.blackout-dim')).toBeHidden();
  expect([...presenter.errors, ...laptopAttendee.errors, ...phoneAttendee.errors]).toEqual([]);
});

test('a phone attendee in the reading view follows, browses away with a swipe, and comes back to live from the menu', async ({ browser }) => {
  const server = await serve(startFollowDeck());
  const presenter = await open(browser, server.presenter);
  const attendee = await open(browser, server.attendees, phone);
  await expect(attendee.page.locator('html')).toHaveAttribute('data-reading', 'on');
  for (let i = 0; i < 3; i++) await presenter.page.keyboard.press('ArrowRight');
  await expect.poll(() => current(attendee.page)).toBe(3);
  const title = await presenter.page.evaluate(() => window.deck.slides[3].title!);
  await expect(attendee.page.locator('.remark-slides-area .remark-visible h2')).toHaveText(title);

  await swipe(attendee.page, { x: 320, y: 400 }, { x: 60, y: 410 });
  await expect.poll(() => current(attendee.page)).toBe(4);
  await presenter.page.keyboard.press('ArrowLeft');
  await expect(attendee.page.locator('.follow-live')).toHaveText('Back to live (slide 3)');
  await tap(attendee.page, attendee.page.getByRole('button', { name: 'Menu' }));
  const back = attendee.page.getByRole('menuitem', { name: 'Back to live (slide 3)' });
  await expect(back).toBeVisible();
  await tap(attendee.page, back);
  await expect.poll(() => current(attendee.page)).toBe(2);
  await expect(attendee.page.locator('.follow-live')).toBeHidden();
  await presenter.page.keyboard.press('ArrowRight');
  await expect.poll(() => current(attendee.page)).toBe(3);
  expect([...presenter.errors, ...attendee.errors]).toEqual([]);
});

test('the projector (clone window): no Copy buttons, no menu, no follow bar; D darkens it and the presenter\'s screen', async ({ browser }) => {
  const server = await serve(startFollowDeck());
  const presenter = await open(browser, server.presenter);
  await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 0 attendees');
  const code = await firstSlideWith(presenter.page, 'pre code');
  await presenter.page.keyboard.type(String(code + 1));
  await presenter.page.keyboard.press('Enter');
  await expect(presenter.page.locator('.remark-visible .copy-code').first()).toBeVisible();
  await expect(presenter.page.locator('.deck-menu-button')).toHaveCount(0);

  const [clone] = await Promise.all([presenter.page.waitForEvent('popup'), presenter.page.keyboard.press('c')]);
  await waitForDeck(clone);
  await clone.setViewportSize(laptop.viewport);
  await expect.poll(() => current(clone)).toBe(code);
  await expect(clone.locator('html')).toHaveAttribute('data-screen', 'projector');
  await expect(clone.locator('.copy-code')).toHaveCount(0);
  await expect(clone.locator('.deck-menu-button, .deck-menu, .follow-bar, .reading-nav')).toHaveCount(0);
  await expect(clone.locator('html')).toHaveAttribute('data-theme', 'light');
  await screenshot(clone, 'projector-light');

  await clone.keyboard.press('d');
  await expect(clone.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(presenter.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(clone, 'projector-dark');
  await presenter.page.bringToFront();
  await presenter.page.keyboard.press('d');
  await expect(clone.locator('html')).toHaveAttribute('data-theme', 'light');

  // The presenter keeps remark's keys, and the list says so.
  await presenter.page.keyboard.press('?');
  const help = presenter.page.getByRole('dialog', { name: 'Presenter keys' });
  await expect(help).toBeVisible();
  for (const key of ['P', 'C', 'B', 'D']) await expect(help.locator('kbd', { hasText: new RegExp(`^${key}$`) })).toHaveCount(1);
  await presenter.page.keyboard.press('Escape');
  await presenter.page.keyboard.press('p');
  await expect(presenter.page.locator('.presenter-console')).toBeVisible();
  await expect(presenter.page.locator('.remark-notes-area')).toBeHidden();
  // The projector shows the slide, never the console.
  await expect(clone.locator('.presenter-console')).toHaveCount(0);
  await clone.keyboard.press('p');
  await expect(clone.locator('.presenter-console')).toHaveCount(0);
  await expect(clone.locator('body')).not.toHaveClass(/remark-presenter-mode/);
  expect(presenter.errors).toEqual([]);
});

test('on a plain static host the menu offers what needs no server, and the presenting keys stay', async ({ browser }) => {
  const server = await serve(startStaticDeck());
  const { page, errors } = await open(browser, server.attendees);
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('menu').locator('[role^="menuitem"]')).toHaveText([/^All slides/, /^Reading view/, /^Dark theme/, /^Keys and gestures/]);
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keys' });
  await expect(help.locator('kbd', { hasText: /^L$/ })).toHaveCount(0);
  await expect(help.locator('kbd', { hasText: /^P$/ })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('p');
  await expect(page.locator('.presenter-console')).toBeVisible();
  await expect(page.locator('.console-status')).toHaveText('This browser keeps the clock (no follow server)');
  expect(errors).toEqual([]);
});
