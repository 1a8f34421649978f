/**
 * The handout as attendees get it from `npm start`: exported in the background while the deck is
 * served, offered in the menu of a page already open (no reload), downloaded as the PDF of the
 * build being served; absent until one exists for this build, and withdrawn by a rebuild. Each
 * test has a build folder of its own (a copy of the built deck), so that it exports and rebuilds
 * without touching the one the other tests use.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deckCommand } from '../deck-command.ts';
import { startDeckProcess, type DeckProcess } from '../unit/deck-process.ts';
import { customInfo } from '../unit/pdf-measure.ts';
import { recordErrors, repoRoot, waitForDeck } from './helpers.ts';
import { dist, laptop, phone, screenshot, tap } from './screens-helpers.ts';

let deck: DeckProcess | undefined;
let folder: string;

test.beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'deck-handout-'));
  cpSync(dist, path.join(folder, 'dist'), { recursive: true });
  rmSync(path.join(folder, 'dist', 'workshop.pdf'), { force: true });
  rmSync(path.join(folder, 'dist', '.deck-handout.json'), { force: true });
});

test.afterEach(async () => {
  await deck?.stop();
  deck = undefined;
  rmSync(folder, { recursive: true, force: true });
});

const built = () => path.join(folder, 'dist');
const servedBuildId = () => (JSON.parse(readFileSync(path.join(built(), 'deck-build.json'), 'utf8')) as { buildId: string }).buildId;

/** Opens the menu, reads whether it offers the handout once the server has answered again, closes it. */
async function menuOffersHandout(page: Page, touch: boolean): Promise<boolean> {
  const button = page.getByRole('button', { name: 'Menu' });
  // The menu asks the server again as it opens, and updates itself with the answer.
  const asked = page.waitForResponse((response) => response.url().endsWith('/deck-build.json'), { timeout: 5000 });
  if (touch) await tap(page, button);
  else await button.click();
  await expect(page.getByRole('menuitem', { name: 'All slides' })).toBeVisible();
  const served = await (await asked).json();
  const handout = page.getByRole('menuitem', { name: 'Handout (PDF)' });
  await expect(handout).toHaveCount(served.handout ? 1 : 0);
  const offered = (await handout.count()) === 1;
  await page.keyboard.press('Escape');
  return offered;
}

test('npm start exports the handout in the background; an open page’s menu offers it, and it downloads as the PDF of the served build', async ({ browser }) => {
  test.setTimeout(60_000);
  deck = await startDeckProcess({ handout: true, args: ['--no-build'], env: { DECK_OUT_DIR: built() } });
  // Served at once: the page works while the export runs.
  const context = await browser.newContext(laptop);
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(deck.attendees);
  await waitForDeck(page);
  expect(deck.output()).toContain('Handout: exporting workshop.pdf in the background');
  await expect.poll(() => menuOffersHandout(page, false), { timeout: 40_000 }).toBe(true);
  await expect.poll(() => deck!.output()).toMatch(/Handout: workshop\.pdf is ready \(\d+ pages/);
  const pages = Number(/Handout: workshop\.pdf is ready \((\d+) pages/.exec(deck.output())![1]);

  await page.getByRole('button', { name: 'Menu' }).click();
  await screenshot(page, 'laptop-menu-handout');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Handout (PDF)' }).click()]);
  expect(download.suggestedFilename()).toBe('Kubernetes in practice.pdf');
  const file = path.join(folder, 'downloaded.pdf');
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  expect(customInfo(file).get('DeckBuildId')).toBe(servedBuildId());
  expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(new RegExp(`^Pages:\\s+${pages}$`, 'm'));
  expect(errors).toEqual([]);
  await context.close();

  // A second start finds it made for this build and does not export again.
  await deck.stop();
  deck = await startDeckProcess({ handout: true, args: ['--no-build'], env: { DECK_OUT_DIR: built() } });
  await expect.poll(() => deck!.output()).toContain('Handout: workshop.pdf, made from this build, is offered');
  expect(deck.output()).not.toContain('Handout: exporting');
});

test('no handout until npm run build -- --pdf makes one; then a phone’s menu offers it without a reload; a rebuild withdraws it', async ({ browser }) => {
  test.setTimeout(60_000);
  deck = await startDeckProcess({ args: ['--no-build'], env: { DECK_OUT_DIR: built() } }); // --no-pdf
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(deck.attendees);
  await waitForDeck(page);
  expect(await menuOffersHandout(page, true)).toBe(false);
  expect((await fetch(new URL('workshop.pdf', deck.attendees))).status).toBe(404);

  // `npm run build -- --pdf` makes the deck and its handout.
  const pdf = spawnSync(process.execPath, deckCommand('build', '--pdf', '--out-dir', built()), { cwd: repoRoot, encoding: 'utf8' });
  expect(pdf.status, pdf.stderr).toBe(0);
  expect(pdf.stdout).toMatch(/Wrote the handout .*workshop\.pdf: \d+ pages/);
  expect(await menuOffersHandout(page, true)).toBe(true);
  await tap(page, page.getByRole('button', { name: 'Menu' }));
  await screenshot(page, 'phone-menu-handout');
  await page.keyboard.press('Escape');

  // `npm run pdf`'s default file is the handout too; a rebuild empties the folder: the handout it held no longer exists for anyone.
  const again = spawnSync(process.execPath, deckCommand('pdf'), { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, DECK_OUT_DIR: built() } });
  expect(again.status, again.stderr).toBe(0);
  expect(await menuOffersHandout(page, true)).toBe(true);
  const rebuild = spawnSync(process.execPath, deckCommand('build', '--out-dir', built()), { cwd: repoRoot, encoding: 'utf8' });
  expect(rebuild.status, rebuild.stderr).toBe(0);
  expect(await menuOffersHandout(page, true)).toBe(false);
  const served = await (await fetch(new URL('deck-build.json', deck.attendees))).json();
  expect(served.handout).toBeUndefined();
  expect(errors).toEqual([]);
  await context.close();
});
