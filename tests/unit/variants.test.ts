/**
 * Variants: slides with a class the manifest's `exclude` names leave the deck, its numbering,
 * its contents and (through the source) the PDF; `--variant` picks another list. lint, build
 * and the dev server agree on DECK_VARIANT when no --variant is given.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeckBuild } from '../../src/core/deck.js';
import { deckCommand } from '../deck-command.ts';
import { buildFixture, remarkSlides } from './deck-fixture.js';

const manifest = [
  'title: Variants',
  'exclude: [self-paced]',
  'variants:',
  '  self-paced:',
  '    exclude: [in-person]',
  'chapters:',
  '  - intro.md',
  '  - room.md',
  '  - outro.md',
  '',
].join('\n');

const files = {
  'intro.md': [
    '# Introduction', '', '---', 'class: in-person', '', '## Wi-Fi and breaks', '', '--', '', '- Lunch at noon', '',
    '---', 'name: homework', 'class: self-paced, extra-details', '', '## Set up your own cluster', '',
    '---', '', '## Everyone', '', 'See [the room](#room) or [the homework](#homework).', '',
  ].join('\n'),
  'room.md': ['class: in-person', '', '# In the room', '', '---', 'class: in-person', 'name: room', '', '## Tables', ''].join('\n'),
  'outro.md': ['# Wrap-up', '', '.exercise[', '- Delete the cluster', ']', ''].join('\n'),
};

const titles = (build: DeckBuild) => build.deck!.slides.map((s) => s.title);

describe('the default variant (exclude: [self-paced])', () => {
  const build = buildFixture(manifest, files);

  it('drops self-paced slides from the deck and the numbering, keeping `--` steps with their slide', () => {
    expect(titles(build)).toEqual(['Variants', 'Contents', 'Introduction', 'Wi-Fi and breaks', 'Wi-Fi and breaks', 'Everyone', 'In the room', 'Tables', 'Wrap-up', 'Wrap-up']);
    expect(build.deck!.slides.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(build.deck!.slides.map((s) => s.step)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(remarkSlides(build.source!)).toHaveLength(10);
    expect(build.source).not.toContain('Set up your own cluster');
    expect(build.deck!.excludedClasses).toEqual(['self-paced']);
  });

  it('reports the link to the left-out slide, naming the class', () => {
    expect(build.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      'intro.md:22:26 link to slide `#homework`, which the default variant leaves out (class `self-paced`)',
    ]);
  });
});

describe('the self-paced variant (exclude: [in-person])', () => {
  const build = buildFixture(manifest, files, 'self-paced');

  it('drops in-person slides, a chapter made only of them, and its line in the contents', () => {
    expect(titles(build)).toEqual(['Variants', 'Contents', 'Introduction', 'Set up your own cluster', 'Everyone', 'Wrap-up', 'Wrap-up']);
    expect(build.deck!.chapters.map((c) => [c.number, c.title, c.firstSlide])).toEqual([[1, 'Introduction', 2], [2, 'Wrap-up', 5]]);
    expect(build.deck!.toc.map((t) => t.title)).toEqual(['Introduction', 'Wrap-up']);
    expect(build.source).not.toMatch(/In the room|Wi-Fi/);
    expect(build.source).toContain('<span class="toc-page">6</span>');
    expect(build.deck!.exercises.map((e) => e.slide)).toEqual([6]);
    expect(build.deck!.variant).toBe('self-paced');
    expect(remarkSlides(build.source!)).toHaveLength(7);
  });

  it('reports the link to the in-person slide instead', () => {
    expect(build.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '22:5 link to slide `#room`, which the `self-paced` variant leaves out (class `in-person`)',
    ]);
  });
});

it('reports an unknown variant, naming the known ones', () => {
  const build = buildFixture(manifest, files, 'half-day');
  expect(build.ok).toBe(false);
  expect(build.diagnostics[0]).toMatchObject({ file: 'workshop.yml', line: 1, message: 'the manifest has no variant `half-day`' });
  expect(build.diagnostics[0].fix).toContain('`self-paced`');
});

it('reports a variant that leaves out every slide, at its `exclude` list: remark would show one blank slide', () => {
  // container.training's manifests (`content:`) have no generated title slide.
  const everything = ['title: All gone', 'exclude: [self-paced]', 'variants:', '  in-person:', '    exclude: [nothing-here]', 'content:', '  - only.md', ''].join('\n');
  const only = { 'only.md': 'class: self-paced, extra-details\n\nSet up your own cluster at home.\n' };
  const build = buildFixture(everything, only);
  expect(build.ok).toBe(false);
  expect(build.deck!.slides).toHaveLength(0);
  expect(build.diagnostics.filter((d) => d.severity === 'error')).toEqual([
    expect.objectContaining({ file: 'workshop.yml', line: 2, column: 11, message: 'the deck shows no slide: leaving out `self-paced` leaves out every one' }),
  ]);
  // The other variant shows the slide, and passes.
  const other = buildFixture(everything, only, 'in-person');
  expect(other.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(remarkSlides(other.source!)).toHaveLength(other.deck!.slides.length);
});

it('accepts `exclude` as a single class, as container.training writes it', () => {
  const build = buildFixture(manifest.replace('exclude: [self-paced]', 'exclude: self-paced'), files);
  expect(titles(build)).not.toContain('Set up your own cluster');
});

describe('the shells agree on the variant', () => {
  const folder = path.resolve('tests/fixtures/check-deck');
  const run = ([command, ...args]: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, deckCommand(command, ...args), { encoding: 'utf8', env: { ...process.env, ...env } });

  it('lint --variant and DECK_VARIANT check the same variant', () => {
    const byFlag = run(['lint', '--variant', 'self-paced', path.join(folder, 'workshop.yml')]);
    const byEnv = run(['lint', path.join(folder, 'workshop.yml')], { DECK_VARIANT: 'self-paced' });
    expect(byFlag.stdout).toMatch(/\(variant self-paced\): 9 slides/);
    expect(byEnv.stdout).toBe(byFlag.stdout);
    expect(run(['lint', '--variant', 'nope', path.join(folder, 'workshop.yml')]).status).toBe(1);
  });

  it('npm run build -- --variant writes that variant', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'deck-variant-'));
    try {
      const result = run(['build', '--variant', 'self-paced', '--out-dir', out, path.join(folder, 'workshop.yml')]);
      expect(result.status, result.stderr).toBe(0);
      const info = JSON.parse(readFileSync(path.join(out, 'deck-build.json'), 'utf8'));
      expect(info).toMatchObject({ variant: 'self-paced', slides: 9 });
      const bad = run(['build', '--variant', 'nope', '--out-dir', out, path.join(folder, 'workshop.yml')]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('workshop.yml:1:1: error: the manifest has no variant `nope`');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
