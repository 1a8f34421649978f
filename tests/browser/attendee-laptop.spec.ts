/**
 * An attendee on a laptop (1366x768): the slide's type sizes, links that open new tabs, exercise
 * links read once, their own keys (never the presenter's notes), the menu by keyboard, the
 * handout when announced, the dark theme.
 */
import { expect, test } from '@playwright/test';
import { expectSlide, openDeck, renderAllSlides, visibleSlideSelector } from './helpers.ts';
import { answerExternalLinks, firstSlideWith, fontSize, laptop, screenshot } from './screens-helpers.ts';

test.use(laptop);

const visible = visibleSlideSelector;

test('type on the 1210x681 slide: text 30px, code 20px or more, headings larger, all scaled to the window', async ({ page }) => {
  const deck = await openDeck(page);
  await expect(page.locator('html')).not.toHaveAttribute('data-reading', /.*/);
  const scale = await page.locator(`${visible} .remark-slide-scaler`).evaluate((el) => el.getBoundingClientRect().width / (el as HTMLElement).offsetWidth);
  expect(scale).toBeCloseTo(1366 / 1210, 2);
  await page.evaluate(() => window.slideshow.gotoSlide(4));
  expect(await fontSize(page, '.remark-slide-content li')).toBe(30);
  expect(await fontSize(page, '.remark-slide-content h2')).toBeGreaterThanOrEqual(40);
  const code = await firstSlideWith(page, '.remark-slide-content pre code');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), code);
  expect(await fontSize(page, 'pre code')).toBeGreaterThanOrEqual(20);
  expect(await fontSize(page, '.remark-slide-number')).toBeGreaterThanOrEqual(18);
  await screenshot(page, 'laptop-code-light');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), deck.exercises[0].slide);
  await screenshot(page, 'laptop-exercise-light');
});

test('links leaving the deck open a new tab (noopener); #name links stay; exercise links read once, as cards', async ({ page, context }) => {
  await answerExternalLinks(context);
  const deck = await openDeck(page);
  const total = deck.slides.length;
  await renderAllSlides(page);
  const links = await page.locator('.remark-slides-area .remark-slide-content a[href]').evaluateAll((anchors) =>
    (anchors as HTMLAnchorElement[]).map((a) => ({ href: a.getAttribute('href')!, target: a.target, rel: a.rel })),
  );
  const external = links.filter((link) => /^https?:/.test(link.href));
  const internal = links.filter((link) => link.href.startsWith('#'));
  expect(external.length).toBeGreaterThan(5);
  expect(internal.length).toBeGreaterThan(3);
  for (const link of external) expect(link, link.href).toMatchObject({ target: '_blank', rel: expect.stringMatching(/\bnoopener\b/) });
  for (const link of internal) expect(link.target, link.href).toBe('');

  // An inline link of a slide: a new page, and the deck stays on its slide.
  const slide = await firstSlideWith(page, '.remark-slide-content p a[href^="http"], .remark-slide-content li a[href^="http"]');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), slide);
  const inline = page.locator(`${visible} .remark-slide-content`).locator('p a[href^="http"], li a[href^="http"]').first();
  const [opened] = await Promise.all([context.waitForEvent('page'), inline.click()]);
  expect(opened.url()).toBe(await inline.getAttribute('href'));
  await opened.close();
  await expectSlide(page, slide, total);

  // A URL left as text in an exercise's body has its colon as an entity (src/core/exercises.ts): marked would link it again.
  expect(await page.evaluate(() => window.remark.convert('see https://example.com/x'))).toContain('<a ');
  expect(await page.evaluate(() => window.remark.convert('see https&#58;//example.com/x'))).not.toContain('<a ');

  // Every exercise: each of its links once in the slide, as a card, and its text in the body.
  for (const exercise of deck.exercises) {
    await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), exercise.slide);
    const content = page.locator(`${visible} .remark-slide-content`);
    for (const link of exercise.links) {
      await expect(content.locator(`a[href="${link.href}"]`), link.href).toHaveCount(1);
      await expect(content.locator(`a[href="${link.href}"]`)).toHaveClass('link-card');
      if (link.label) await expect(content.locator('.exercise, .lab').first()).toContainText(link.label);
    }
  }
});

test('? lists the attendee keys, not the presenter\'s; P, B and C do nothing; R and D work', async ({ page }) => {
  const deck = await openDeck(page, './#5');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keys' });
  await expect(help).toBeVisible();
  const keys = await help.locator('table').first().locator('kbd').allTextContents();
  for (const key of ['O', 'L', 'R', 'D', 'F', '?']) expect(keys).toContain(key);
  for (const key of ['P', 'C', 'B', 'T']) expect(keys).not.toContain(key);
  await expect(page.locator('.remark-help')).toBeHidden();
  await screenshot(page, 'laptop-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('h');
  await expect(help).toBeVisible();
  await page.keyboard.press('h');
  await expect(help).toBeHidden();

  // Each key once (a second P would close the console again), then what it would have shown.
  for (const key of ['p', 'b', 'c', 't', 'm']) {
    await page.keyboard.press(key);
    await expect(page.locator('body'), key).not.toHaveClass(/remark-(presenter|blackout|mirrored)-mode/);
    await expect(page.locator('.remark-notes-area'), key).toBeHidden();
    await expect(page.locator('.presenter-console'), key).toHaveCount(0);
    await expect(page.locator('.remark-backdrop'), key).toBeHidden();
    expect(page.context().pages(), key).toHaveLength(1);
  }
  await page.keyboard.press('Shift+P');
  await expect(page.locator('.remark-notes-area')).toBeHidden();
  await expectSlide(page, 4, deck.slides.length);

  await page.keyboard.press('r');
  await expect(page.locator('html')).toHaveAttribute('data-reading', 'on');
  await screenshot(page, 'laptop-reading');
  await page.keyboard.press('r');
  await expect(page.locator('html')).not.toHaveAttribute('data-reading', /.*/);
});

test('the menu by keyboard: first in the tab order, arrows, Escape gives focus back; Enter acts', async ({ page }) => {
  await openDeck(page);
  const button = page.getByRole('button', { name: 'Menu' });
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await expect(button).toHaveCSS('opacity', /^0\.9/);
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem', { name: 'All slides' })).toBeFocused();
  await screenshot(page, 'laptop-menu-open');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Reading view' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Keys and gestures' })).toBeFocused();
  // Keys are the menu's while it is open: remark does not move.
  await page.keyboard.press('End');
  expect(await page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(0);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(button).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await expect(menu).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-reading', 'on');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  // The list of keys from the menu, and focus back on the button after it.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Keys' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
});

test('the handout shows in the menu only when the server announces one made from the build it serves', async ({ page }) => {
  await openDeck(page);
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /Handout/ })).toHaveCount(0);

  // The contract with the server: deck-build.json's `handout`, its URL relative to the deck and the build it was made from.
  const announce = (handout: (buildId: string) => unknown) =>
    page.route('**/deck-build.json', async (route) => {
      const served = await (await route.fetch()).json();
      await route.fulfill({ json: { ...served, handout: handout(served.buildId) } });
    });
  // The menu asks the server again as it opens: that answer, once in, is what it shows.
  const openMenu = async () => {
    const asked = page.waitForResponse((response) => response.url().endsWith('/deck-build.json'));
    await page.getByRole('button', { name: 'Menu' }).click();
    await asked;
  };
  await announce((buildId) => ({ url: 'handout/workshop.pdf', buildId }));
  await openDeck(page);
  await openMenu();
  const handout = page.getByRole('menuitem', { name: 'Handout (PDF)' });
  await expect(handout).toBeVisible();
  expect(await handout.getAttribute('href')).toBe(new URL('handout/workshop.pdf', page.url()).href);
  expect(await handout.getAttribute('download')).toBe('');

  // Only the deck's own server's files, only of this build: anything else is no handout.
  const refused: Array<[string, (buildId: string) => unknown]> = [
    ['another host', (buildId) => ({ url: 'https://elsewhere.example/workshop.pdf', buildId })],
    ['a scheme-relative host', (buildId) => ({ url: '//elsewhere.example/workshop.pdf', buildId })],
    ['another build', () => ({ url: 'workshop.pdf', buildId: 'an-older-build' })],
    ['no build named', () => ({ url: 'workshop.pdf' })],
    ['a bare string', () => 'workshop.pdf'],
  ];
  for (const [name, handoutOf] of refused) {
    await page.unrouteAll({ behavior: 'wait' });
    await announce(handoutOf);
    await openDeck(page);
    await openMenu();
    await expect(page.getByRole('menuitem', { name: 'All slides' })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: /Handout/ }), name).toHaveCount(0);
  }
});

test('the menu shows the server\'s latest word on the handout, whatever order its answers come in', async ({ page }) => {
  // Every ask of deck-build.json is held until the test answers it, with or without a handout.
  const held: Array<(withHandout: boolean) => Promise<void>> = [];
  await page.route('**/deck-build.json', async (route) => {
    const served = await (await route.fetch()).json();
    held.push((withHandout) => route.fulfill({ json: withHandout ? { ...served, handout: { url: 'handout/workshop.pdf', buildId: served.buildId } } : served }));
  });
  const handout = page.getByRole('menuitem', { name: 'Handout (PDF)' });
  /** Opens the deck and its menu with the page's own ask (the first) and the menu's still unanswered. */
  const openWithBothHeld = async () => {
    held.length = 0;
    await openDeck(page);
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(page.getByRole('menuitem', { name: 'All slides' })).toBeVisible();
    await expect.poll(() => held.length).toBe(2);
  };

  // The page's first answer comes in after the menu opened: the open menu shows its handout.
  await openWithBothHeld();
  await held[0](true);
  await held[1](true);
  await expect(handout).toBeVisible();

  // The menu's fresh answer (no handout any more) comes in before the page's older one: the older loses.
  await openWithBothHeld();
  await held[1](false);
  const older = page.waitForResponse((response) => response.url().endsWith('/deck-build.json'));
  await held[0](true);
  await (await older).finished();
  // The page has read that answer (its body, then a frame) before the menu is looked at.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  await expect(handout).toHaveCount(0);
});

test('the dark theme follows the system for attendees; D switches and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const deck = await openDeck(page);
  const paper = () => page.locator(`${visible} .remark-slide-content`).evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.evaluate(() => window.slideshow.gotoSlide(5));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await paper()).toBe('rgb(16, 21, 28)');
  await screenshot(page, 'laptop-code-dark');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), deck.exercises[0].slide);
  await screenshot(page, 'laptop-exercise-dark');
  await page.evaluate(() => window.slideshow.gotoSlide(1));
  await screenshot(page, 'laptop-title-dark');

  await page.evaluate(() => window.slideshow.gotoSlide(5));
  await page.keyboard.press('d');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await paper()).toBe('rgb(255, 255, 255)');
  await openDeck(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // Back to what the system says: following it again.
  await page.keyboard.press('d');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('slide numbers are legible on every slide, light and dark: contrast 4.5:1 or more', async ({ page }) => {
  const deck = await openDeck(page);
  await renderAllSlides(page);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const weak = await page.evaluate((count) => {
      const rgb = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const luminance = (c: number[]) => {
        const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const found: string[] = [];
      const containers = document.querySelectorAll('.remark-slides-area .remark-slide-container');
      for (let i = 0; i < count; i++) {
        const content = containers[i].querySelector('.remark-slide-content')!;
        const number = content.querySelector('.remark-slide-number')!;
        const style = getComputedStyle(content);
        // A gradient's every stop, or the plain background.
        const stops = style.backgroundImage.match(/rgba?\([^)]*\)/g) ?? [style.backgroundColor];
        for (const stop of stops) {
          const r = ratio(rgb(getComputedStyle(number).color), rgb(stop));
          if (r < 4.5) found.push(`slide ${i + 1}: ${getComputedStyle(number).color} on ${stop}: ${r.toFixed(2)}`);
        }
      }
      return found;
    }, deck.slides.length);
    expect(weak, theme).toEqual([]);
  }
});
