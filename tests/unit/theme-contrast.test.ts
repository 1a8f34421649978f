/**
 * Every text colour of the theme against every background it is set on, in the light and the
 * dark theme: a WCAG 2 contrast ratio of 4.5:1 at least (the level for body text). The colours
 * are read from the stylesheets themselves, so a changed colour is measured, not a copy of it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const styles = (name: string) => readFileSync(new URL(`../../src/runtime/styles/${name}`, import.meta.url), 'utf8');
const themeCss = styles('theme.css');
const codeCss = styles('code.css');

/** The custom properties declared in the first block that `selector` opens. */
function variables(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`theme.css has no \`${selector} {\` block`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2].toLowerCase()]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const light = variables(themeCss, ':root');
const themes = { light, dark: { ...light, ...variables(themeCss, ":root[data-theme='dark']") } };

/** [text, background, where]: variable names, or a literal colour. */
const pairs: Array<[string, string, string]> = [
  ['--ink', '--paper', 'body text'],
  ['--heading', '--paper', 'headings and emphasis'],
  ['--accent', '--paper', 'links'],
  ['--muted', '--paper', 'slide numbers, contents page numbers'],
  ['--accent', '--accent-soft', 'contents chapter numbers'],
  ['--inline-code-ink', '--inline-code-bg', 'inline code'],
  ['--code-ink', '--code-bg', 'code blocks'],
  ['--ink', '--exercise-soft', 'exercise text'],
  ['--accent', '--exercise-soft', 'links left in an exercise'],
  ['--on-exercise', '--exercise', 'the Exercise label'],
  ['--exercise', '--card', 'link card titles'],
  ['--muted', '--card', 'link card repositories'],
  ['--title-ink', '--title-bg', 'title slide headings'],
  ['--title-ink', '--title-bg-end', 'chapter title headings'],
  ['--title-soft', '--title-bg', 'title slide subtitle'],
  ['--title-muted', '--title-bg', 'title slide author and slide number'],
  ['--title-muted', '--title-bg-end', 'slide number on a chapter title slide'],
  ['--title-kicker', '--title-bg-end', 'chapter kicker'],
  ['--control-ink', '--control-bg', 'menu, reading view buttons, follow status'],
  ['#ffffff', '--control-accent', 'focused menu item, Back to live, Keep reading'],
  ['--ink', '--paper', 'the list of keys'],
  ['--ink', '--accent-soft', 'poll text'],
  ['#ffffff', '--control-accent', 'the Poll label, Done, a vote, the room panel\'s buttons'],
  ['--on-exercise', '--exercise', 'Need help'],
  ['--exercise', '--paper', 'time\'s up in the room panel'],
  ['--muted', '--paper', 'the room panel\'s and help queue\'s secondary text'],
];

describe.each(Object.entries(themes))('the %s theme', (_name, colours) => {
  const colour = (value: string) => {
    const found = value.startsWith('#') ? value : colours[value];
    if (!found) throw new Error(`theme.css does not set ${value}`);
    return found;
  };

  it.each(pairs)('%s on %s (%s) has a contrast of 4.5:1 or more', (text, background) => {
    expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
  });

  it('sets every highlight.js token colour at 4.5:1 or more on the code background', () => {
    const tokens = [...codeCss.matchAll(/((?:\.hljs[^{]*))\{\s*color:\s*(#[0-9a-fA-F]{6})/g)];
    expect(tokens.length).toBeGreaterThan(5);
    const weak = tokens
      .map(([, selector, hex]) => ({ selector: selector.trim().replace(/\s+/g, ' '), ratio: contrast(hex, colour('--code-bg')) }))
      .filter(({ ratio }) => ratio < 4.5);
    expect(weak).toEqual([]);
  });
});

describe('the contrast formula', () => {
  it('gives WCAG figures for known pairs', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    // The slide number the issue found invisible: #556070 on the title slides' navy.
    expect(contrast('#556070', '#0d2340')).toBeCloseTo(2.47, 2);
  });
});

describe('the presenter console (styles/presenter-console.css)', () => {
  const consoleCss = styles('presenter-console.css');
  const consoleLight = variables(consoleCss, '.presenter-console');
  const consoleThemes = { light: consoleLight, dark: { ...consoleLight, ...variables(consoleCss, ":root[data-theme='dark'] .presenter-console") } };
  /** [text, background, where]. */
  const consolePairs: Array<[string, string, string]> = [
    ['--console-ink', '--console-bg', 'text on the console'],
    ['--console-ink', '--console-panel', 'the bar, the clocks, the notes'],
    ['--console-muted', '--console-bg', 'labels (Next)'],
    ['--console-muted', '--console-panel', 'labels, slide number, pacing details, "No notes"'],
    ['--console-button-ink', '--console-button', 'buttons and the attendee count'],
    ['--console-alert-ink', '--console-alert', 'Reconnecting, secret refused, blackout'],
    ['--console-behind', '--console-panel', '"6 min behind", a paused clock'],
    ['--console-ahead', '--console-panel', '"3 min ahead"'],
    ['--console-on-time', '--console-panel', '"on time"'],
  ];

  describe.each(Object.entries(consoleThemes))('in the %s theme', (_name, colours) => {
    const colour = (value: string) => {
      const found = colours[value];
      if (!found) throw new Error(`presenter-console.css does not set ${value}`);
      return found;
    };

    it.each(consolePairs)('%s on %s (%s) has a contrast of 4.5:1 or more', (text, background) => {
      expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
    });

    it('draws the focus ring at 3:1 or more against the panels (non-text contrast)', () => {
      expect(contrast(colour('--console-focus'), colour('--console-panel'))).toBeGreaterThanOrEqual(3);
      expect(contrast(colour('--console-focus'), colour('--console-bg'))).toBeGreaterThanOrEqual(3);
    });
  });
});
