/**
 * Attendees follow the presenter live: one presenter and two attendee browser contexts against a
 * real `npm start` (src/cli/start.ts, spawned here so that it can be restarted), plus the dev
 * server, a phone, the overview grid, and the build-mismatch banner.
 */
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { createFollowServer } from '../../src/server/follow-server.ts';
import { contentSecurityPolicy, createStaticServer, securityHeaders } from '../../src/server/static-server.ts';
import { startDeckProcess } from '../unit/deck-process.ts';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { currentSlide, expectOnSlide, openInNewContext, recordShownSlides, repoRoot, shownSlides, startDevServer, stopDevServer } from './helpers.ts';
import { useScreens } from './screens-helpers.ts';

const token = 'follow-spec-presenter-secret';
const dist = path.resolve(repoRoot, process.env.DECK_OUT_DIR ?? 'dist');

interface DeckServer {
  process?: ChildProcess;
  attendees: string;
  presenter: string;
  output(): string;
  stop(): Promise<void>;
}

/** `npm start` as a user runs it (no --build: the shared web server has just built dist/). */
async function startDeckServer(port = 0): Promise<DeckServer> {
  const deck = await startDeckProcess({ env: { PORT: String(port), DECK_PRESENTER_TOKEN: token } });
  // The banner never prints the operator's own secret: the presenter knows it, and adds it.
  expect(deck.output()).toMatch(/^\s*Presenter: \S+#presenter=<your DECK_PRESENTER_TOKEN>$/m);
  return { process: deck.child, attendees: deck.attendees, presenter: `${deck.presenter}#presenter=${token}`, output: deck.output, stop: deck.stop };
}

/** The same server in this process: quicker to start, for tests that do not restart it. */
async function startLocalServer(buildInfo = () => ({ buildId: undefined as string | undefined })): Promise<DeckServer> {
  const follow = createFollowServer({ token, buildInfo });
  const http: Server = createStaticServer({ root: dist, middleware: follow.handle });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    attendees: `http://127.0.0.1:${port}/`,
    presenter: `http://127.0.0.1:${port}/#presenter=${token}`,
    output: () => '',
    stop: async () => {
      follow.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** Records Content Security Policy violations, before the page's own scripts run. */
function recordCspViolations() {
  (window as unknown as { cspViolations: string[] }).cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
  );
}

/** Opens the deck in a fresh context; records page errors and CSP violations. */
const openIn = (browser: Browser, url: string, context: BrowserContextOptions = {}) => openInNewContext(browser, url, { context, initScripts: [recordCspViolations] });

/** An attendee's page during blackout is dimmed (room-screens.spec.ts), not black. */
const blackedOut = (page: Page) => page.locator('.blackout-dim').isVisible();
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

const { contexts, serve } = useScreens();

test('attendees follow the presenter live; a late joiner lands on the live slide; browsing away and back to live; blackout', async ({ browser }) => {
  const server = await serve(startDeckServer());
  expect(server.presenter).toMatch(new RegExp(`^http://localhost:\\d+/#presenter=${token}$`));
  expect(server.output()).not.toContain(token); // never printed: logs are read by others

  const presenter = await openIn(browser, server.presenter);
  const a = await openIn(browser, server.attendees);
  contexts.push(presenter.context, a.context);
  // The secret leaves the address bar before remark reads it, and never reaches an attendee's page.
  expect(presenter.page.url()).not.toContain('presenter=');
  expect(await a.page.content()).not.toContain(token);
  await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 1 attendee');

  // Every step of the presenter, attendee A too; fast presses never take A backwards.
  await recordShownSlides(a.page);
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(a.page, 1);
  for (let i = 0; i < 7; i++) await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(a.page, 8);
  const shown = await shownSlides(a.page);
  expect(shown, 'slides A was shown, in order').toEqual([...shown].sort((x, y) => x - y));

  // A late joiner lands on the live slide at once.
  const b = await openIn(browser, server.attendees);
  contexts.push(b.context);
  await expectOnSlide(b.page, 8);
  await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 2 attendees');

  // A browses back: stops following, and is offered the way back.
  const backToLive = a.page.locator('.follow-live');
  await expect(backToLive).toBeHidden();
  await a.page.keyboard.press('ArrowLeft');
  await a.page.keyboard.press('ArrowLeft');
  await expect(backToLive).toHaveText('Back to live (slide 9)');
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(b.page, 9);
  await expect(backToLive).toHaveText('Back to live (slide 10)');
  expect(await currentSlide(a.page)).toBe(6);
  await backToLive.click();
  await expectOnSlide(a.page, 9);
  await expect(backToLive).toBeHidden();
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(a.page, 10);

  // Blackout is broadcast; the presenter console stays on the presenter's screen.
  await presenter.page.keyboard.press('b');
  await expect.poll(() => blackedOut(a.page)).toBe(true);
  await expect.poll(() => blackedOut(b.page)).toBe(true);
  await expect(a.page.locator('.remark-backdrop')).toBeHidden();
  await presenter.page.keyboard.press('b');
  await expect.poll(() => blackedOut(a.page)).toBe(false);
  await expect.poll(() => blackedOut(b.page)).toBe(false);
  await presenter.page.keyboard.press('p');
  await expect(presenter.page.locator('.presenter-console')).toBeVisible();
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(b.page, 11);
  await expect(b.page.locator('.presenter-console')).toHaveCount(0);

  // The deck passes its own Content Security Policy, and nothing failed.
  const response = await a.page.request.get(server.attendees);
  expect(response.headers()['content-security-policy']).toBe(contentSecurityPolicy);
  for (const page of [presenter.page, a.page, b.page]) expect(await cspViolations(page)).toEqual([]);
  expect([...presenter.errors, ...a.errors, ...b.errors]).toEqual([]);
  await a.page.screenshot({ path: path.join(repoRoot, 'test-results', 'follow', 'attendee.png') });
});

test('after the server restarts, attendees show that they are reconnecting and resync without a reload', async ({ browser }) => {
  let server = await serve(startDeckServer());
  const port = Number(new URL(server.attendees).port);
  const presenter = await openIn(browser, server.presenter);
  const a = await openIn(browser, server.attendees);
  contexts.push(presenter.context, a.context);
  for (let i = 0; i < 4; i++) await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(a.page, 4);
  await a.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // A stream gone silent (a frozen server here; a sleeping laptop or dead Wi-Fi alike) is
  // noticed without any error, and the attendee catches up once the other end is back.
  server.process!.kill('SIGSTOP');
  await expect(a.page.locator('.follow-status')).toHaveText('Reconnecting…', { timeout: 4000 });
  await presenter.page.keyboard.press('ArrowRight');
  server.process!.kill('SIGCONT');
  await expectOnSlide(a.page, 5);
  await expect(a.page.locator('.follow-status')).toBeHidden({ timeout: 3000 });

  await server.stop();
  await expect(a.page.locator('.follow-status')).toHaveText('Reconnecting…');
  await a.page.screenshot({ path: path.join(repoRoot, 'test-results', 'follow', 'reconnecting.png') });

  // A new server knows nothing; the presenter's page restores the live slide, attendees resync.
  server = await serve(startDeckServer(port));
  const back = Date.now();
  await expect(a.page.locator('.follow-status')).toBeHidden({ timeout: 3000 });
  await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 1 attendee', { timeout: 3000 });
  expect(Date.now() - back, 'resynchronised within 3 s').toBeLessThan(3000);
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(a.page, 6);
  expect(await a.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // A late joiner after the restart gets the position the presenter restored.
  const b = await openIn(browser, server.attendees);
  contexts.push(b.context);
  await expectOnSlide(b.page, 6);
  expect([...a.errors, ...b.errors].filter((e) => !e.includes('_follow/events'))).toEqual([]);
});

test('on a phone the slide fits the screen, follows, and swipes browse away', async ({ browser }) => {
  const server = await serve(startLocalServer());
  const presenter = await openIn(browser, server.presenter);
  const phone = await openIn(browser, server.attendees, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  contexts.push(presenter.context, phone.context);
  await presenter.page.keyboard.press('ArrowRight');
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(phone.page, 2);

  const box = await phone.page.locator('.remark-slides-area .remark-visible .remark-slide-scaler').boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390 + 1);
  expect(box!.width).toBeGreaterThan(370);

  // A real touch swipe to the left: the next slide, and the way back to live.
  const cdp = await phone.context.newCDPSession(phone.page);
  const y = box!.y + box!.height / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 320, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 200, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 80, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expectOnSlide(phone.page, 3);
  const backToLive = phone.page.locator('.follow-live');
  await expect(backToLive).toHaveText('Back to live (slide 3)');
  await phone.page.screenshot({ path: path.join(repoRoot, 'test-results', 'follow', 'phone.png') });
  await backToLive.tap();
  await expectOnSlide(phone.page, 2);
  await expect(backToLive).toBeHidden();
  expect(await cspViolations(phone.page)).toEqual([]);
});

test('the overview grid (O) shows every slide and jumps; attendees follow the jump', async ({ browser }) => {
  const server = await serve(startLocalServer());
  const presenter = await openIn(browser, server.presenter);
  const a = await openIn(browser, server.attendees);
  contexts.push(presenter.context, a.context);
  const deck = await presenter.page.evaluate(() => window.deck);
  const written = deck.slides.filter((slide) => slide.step === 0);

  await presenter.page.keyboard.press('o');
  const tiles = presenter.page.locator('.overview-tile');
  await expect(tiles).toHaveCount(written.length);
  await expect(presenter.page.locator('.overview-current')).toHaveCount(1);
  await expect(presenter.page.locator('.overview-current')).toBeFocused();
  await presenter.page.screenshot({ path: path.join(repoRoot, 'test-results', 'follow', 'overview.png') });
  // Keys move between tiles and do not reach remark; Enter jumps.
  await presenter.page.keyboard.press('ArrowRight');
  await presenter.page.keyboard.press('ArrowRight');
  expect(await currentSlide(presenter.page)).toBe(0);
  await presenter.page.keyboard.press('Enter');
  await expect(tiles).toHaveCount(0);
  await expectOnSlide(presenter.page, written[2].index);
  await expectOnSlide(a.page, written[2].index);

  // A click on a tile jumps too; Escape closes without moving.
  const target = written.find((slide) => slide.title && slide.index > 20)!;
  await presenter.page.keyboard.press('o');
  await tiles.nth(written.indexOf(target)).click();
  await expectOnSlide(a.page, target.index);
  await presenter.page.keyboard.press('o');
  await presenter.page.keyboard.press('Escape');
  await expect(tiles).toHaveCount(0);
  expect(await currentSlide(presenter.page)).toBe(target.index);
  expect(presenter.errors).toEqual([]);
});

test('npm run dev: attendees follow the presenter the same way', async ({ browser }) => {
  // vite.config.ts reads DECK_PRESENTER_TOKEN into these settings (tests/unit/commands.test.ts runs it).
  const { server: vite, url } = await startDevServer(path.join(repoRoot, 'slides/workshop.yml'), followSettingsFromEnv({ DECK_PRESENTER_TOKEN: token }));
  try {
    const presenter = await openIn(browser, `${url}#presenter=${token}`);
    const a = await openIn(browser, url);
    contexts.push(presenter.context, a.context);
    await presenter.page.keyboard.press('ArrowRight');
    await presenter.page.keyboard.press('ArrowRight');
    await expectOnSlide(a.page, 2);
    await expect(presenter.page.locator('.follow-status')).toHaveText('Live · 1 attendee');
    // The same security headers as npm start, on the page, Vite's modules and its errors, and
    // the dev client (hot reload over its WebSocket) runs under them without a violation.
    for (const asked of ['', '@vite/client', 'src/runtime/follow.ts', 'no-such-file.png']) {
      const headers = (await a.page.request.get(new URL(asked, url).href)).headers();
      for (const [name, value] of Object.entries(securityHeaders)) expect(headers[name.toLowerCase()], `${name} on /${asked}`).toBe(value);
    }
    for (const page of [presenter.page, a.page]) expect(await cspViolations(page)).toEqual([]);
    expect([...presenter.errors, ...a.errors]).toEqual([]);
  } finally {
    for (const context of contexts.splice(0)) await context.close();
    await stopDevServer(vite);
  }
});

test('an attendee whose page is of another build than the server serves is told, and can reload', async ({ browser }) => {
  const server = await serve(startLocalServer(() => ({ buildId: 'another-build' })));
  const { context, page } = await openIn(browser, server.attendees);
  contexts.push(context);
  const banner = page.locator('.follow-version');
  await expect(banner).toContainText('different version of this deck');
  const reloaded = page.waitForEvent('load');
  await banner.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
});

