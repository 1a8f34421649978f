/** What remark renders matches the loader's model: slides, chapter titles, exercise callouts, code, type size. */
import { expect, test } from '@playwright/test';
import { normaliseSpace, openDeck, renderAllSlides, showSlide, slidesSelector, visibleSlideSelector } from './helpers.ts';

test('remark shows exactly the slides of the model, and chapter title slides carry the chapter titles', async ({ page }) => {
  const deck = await openDeck(page);
  expect(deck.slides.length).toBeGreaterThan(0);

  await expect(page.locator(slidesSelector)).toHaveCount(deck.slides.length);
  expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBe(deck.slides.length);
  // The printed total on a slide agrees too.
  await expect(page.locator(`${visibleSlideSelector} .remark-slide-number`)).toHaveText(`1 / ${deck.slides.length}`);

  await renderAllSlides(page);
  const chapterSlides = deck.slides.filter((slide) => slide.kind === 'chapter-title');
  expect(deck.chapters.length, 'the deck has chapters').toBeGreaterThan(0);
  expect(chapterSlides.length).toBe(deck.chapters.length);
  for (const chapter of deck.chapters) {
    expect(deck.slides[chapter.firstSlide].kind, `chapter ${chapter.number} starts on a chapter-title slide`).toBe('chapter-title');
    const container = page.locator(slidesSelector).nth(chapter.firstSlide);
    await expect(container.locator('.remark-slide-content')).toHaveClass(/\bchapter-title\b/);
    expect(normaliseSpace(await container.locator('.remark-slide-content h1').first().innerText())).toBe(chapter.title);
    await expect(container.locator('.chapter-kicker')).toContainText(`Chapter ${chapter.number}`);
  }
});

test('every exercise shows a callout with one link card per model link, opening in a new tab', async ({ page }) => {
  const deck = await openDeck(page);
  expect(deck.exercises.length).toBeGreaterThan(0);
  const sources = deck.exercises.flatMap((exercise) => exercise.links.map((link) => link.source));
  // The recipe repositories the workshop points at are recognised as such.
  expect(sources).toContain('ahmetb/kubernetes-network-policy-recipes');
  expect(sources).toContain('RyaxTech/kube-tutorial');

  for (const exercise of deck.exercises) {
    await test.step(`exercise ${exercise.index + 1} on slide ${exercise.slide + 1}`, async () => {
      await showSlide(page, exercise.slide);
      const slide = page.locator(visibleSlideSelector);
      // The k-th outermost callout on the slide is the slide's k-th exercise in the model.
      const position = deck.slides[exercise.slide].exercises.indexOf(exercise.index);
      expect(position, 'the slide lists the exercise').toBeGreaterThanOrEqual(0);
      const callout = slide
        .locator('.remark-slide-content')
        .locator(`.${exercise.kind}:not(.exercise .${exercise.kind}, .lab .${exercise.kind})`)
        .nth(position);
      await expect(callout).toBeVisible();
      await expect(callout.locator('.callout-label')).toHaveText(`${exercise.kind === 'lab' ? 'Lab' : 'Exercise'}${exercise.minutes ? ` · ${exercise.minutes} min` : ''}`);
      await expect(callout.locator('.callout-label')).toBeVisible();

      const cards = callout.locator('.link-cards a.link-card');
      await expect(cards).toHaveCount(exercise.links.length);
      const shown = await cards.evaluateAll((anchors) =>
        anchors.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') ?? '' })),
      );
      expect(shown.map((card) => card.href)).toEqual(exercise.links.map((link) => link.href));
      for (const [i, link] of exercise.links.entries()) {
        const card = cards.nth(i);
        expect(shown[i].target, `${link.href} opens in a new tab`).toBe('_blank');
        expect(shown[i].rel.split(/\s+/), `${link.href} has rel=noopener`).toContain('noopener');
        await expect(card.locator('.link-card-source')).toHaveText(link.source);
        await expect(card.locator('.link-card-source')).toBeVisible();
        await expect(card.locator('.link-card-title')).toHaveText(link.title);
        await expect(card.locator('.link-card-title')).toBeVisible();
      }
    });
  }
});

test('YAML and shell code is coloured by highlight.js 11, and no highlight.js 9 theme CSS is on the page', async ({ page }) => {
  await openDeck(page);
  await renderAllSlides(page);
  const yaml = page.locator(`${slidesSelector} code.remark-code.yaml`);
  const bash = page.locator(`${slidesSelector} code.remark-code.bash`);
  expect(await yaml.count(), 'the deck has YAML blocks').toBeGreaterThan(0);
  expect(await bash.count(), 'the deck has shell blocks').toBeGreaterThan(0);

  const blocks = await page.locator(`${slidesSelector} code.remark-code`).evaluateAll((codes) =>
    codes.map((code) => ({
      classes: Array.from(code.classList),
      text: code.textContent ?? '',
      spans: code.querySelectorAll('span[class^="hljs-"]').length,
      attrs: code.querySelectorAll('.hljs-attr').length,
      variables: code.querySelectorAll('.hljs-variable').length,
      comments: code.querySelectorAll('.hljs-comment').length,
    })),
  );
  for (const block of blocks.filter((b) => b.classes.includes('yaml'))) {
    expect.soft(block.classes, `YAML block "${block.text.slice(0, 40)}"`).toEqual(expect.arrayContaining(['hljs', 'language-yaml']));
    expect.soft(block.attrs, `keys highlighted in "${block.text.slice(0, 40)}"`).toBeGreaterThan(0);
  }
  const shellBlocks = blocks.filter((b) => b.classes.includes('bash'));
  for (const block of shellBlocks) {
    expect.soft(block.classes, `shell block "${block.text.slice(0, 40)}"`).toEqual(expect.arrayContaining(['hljs', 'language-bash']));
    if (/\$\{?[A-Za-z_]/.test(block.text)) expect.soft(block.variables, `variables highlighted in "${block.text.slice(0, 40)}"`).toBeGreaterThan(0);
    if (/(^|\s)#\s/m.test(block.text)) expect.soft(block.comments, `comments highlighted in "${block.text.slice(0, 40)}"`).toBeGreaterThan(0);
  }
  expect(shellBlocks.reduce((sum, b) => sum + b.spans, 0), 'shell blocks carry hljs token spans').toBeGreaterThan(0);

  // The tokens are visibly coloured (the theme applies), not just tagged.
  const colours = await page.evaluate(() => {
    const attr = document.querySelector('.remark-slides-area code.remark-code.yaml .hljs-attr');
    return { attr: attr && getComputedStyle(attr).color, code: getComputedStyle(document.querySelector('.remark-slides-area code.remark-code.yaml')!).color };
  });
  expect.soft(colours.attr, 'a YAML key has a colour of its own').not.toBeNull();
  expect.soft(colours.attr).not.toBe(colours.code);

  // remark 0.14 injects highlight.js 9's 76 themes (~109 kB) into <style title="remark"> unless redirected.
  const remarkStyle = await page.evaluate(() => Array.from(document.querySelectorAll('style[title="remark"]'), (s) => s.textContent ?? ''));
  expect(remarkStyle.length, 'remark injected its base stylesheet').toBe(1);
  expect(remarkStyle[0].length, 'remark stylesheet is only its base rules').toBeLessThan(20_000);
  expect(remarkStyle[0]).not.toMatch(/hljs/);
  const hljs9Themes = await page.evaluate(() => {
    const theme = /\.hljs-(default|github|tomorrow|monokai|zenburn|solarized|ascetic|arta|sunburst|obsidian|xcode|googlecode|railscasts|docco|magula|ir-black|far|idea|vs|rainbow|school-book|dark)\b/;
    const found: string[] = [];
    for (const sheet of Array.from(document.styleSheets)) {
      for (const rule of Array.from(sheet.cssRules)) {
        if (rule instanceof CSSStyleRule && theme.test(rule.selectorText)) found.push(rule.selectorText);
      }
    }
    return found;
  });
  expect(hljs9Themes).toEqual([]);
});

test('bullet text on content slides is at least 30 CSS px (of the 681px-high slide)', async ({ page }) => {
  const deck = await openDeck(page);
  const content = deck.slides.filter((slide) => slide.kind === 'content');
  const first = content.find((slide) => slide.title);
  expect(first, 'the deck has a content slide').toBeDefined();
  await showSlide(page, first!.index);
  const bullet = page.locator(`${visibleSlideSelector} .remark-slide-content li`).first();
  await expect(bullet).toBeVisible();
  const size = await bullet.evaluate((li) => parseFloat(getComputedStyle(li).fontSize));
  expect(size).toBeGreaterThanOrEqual(30);

  // Every bullet on every content slide (notes are not slide text, the contents slide has its own layout).
  const small = await page.evaluate(
    ({ selector, indexes }) => {
      const containers = document.querySelectorAll(selector);
      const found: string[] = [];
      for (const index of indexes) {
        for (const li of containers[index].querySelectorAll('.remark-slide-content li')) {
          if (li.closest('.remark-slide-notes')) continue;
          const px = parseFloat(getComputedStyle(li).fontSize);
          if (px < 30) found.push(`slide ${index + 1}: ${px}px "${(li.textContent ?? '').trim().slice(0, 50)}"`);
        }
      }
      return found;
    },
    { selector: slidesSelector, indexes: content.map((slide) => slide.index) },
  );
  expect(small, 'bullets smaller than 30px').toEqual([]);
});

test('code on every slide is 20 CSS px or more, the long manifests in `.long-code` included', async ({ page }) => {
  await openDeck(page);
  await renderAllSlides(page);
  const sizes = await page.locator(`${slidesSelector} .remark-slide-content pre > code.remark-code`).evaluateAll((codes) =>
    codes.filter((code) => !code.closest('.remark-slide-notes')).map((code) => ({ px: parseFloat(getComputedStyle(code).fontSize), long: !!code.closest('.long-code'), text: (code.textContent ?? '').slice(0, 40) })),
  );
  expect(sizes.filter((s) => s.long).length, 'the deck shows long manifests').toBeGreaterThan(0);
  expect(sizes.filter((s) => s.px < 20), 'code smaller than 20px').toEqual([]);
});
