/**
 * The build runs the deck's macros as the page will at start (src/node/macro-dry-run.ts): one
 * that throws on a slide's arguments is an error at that slide's file and line, before anyone
 * opens the page.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadDeck } from '../../src/node/load-deck.js';
import { macroFailures } from '../../src/node/macro-dry-run.js';
import { runtimeMacros } from '../../src/runtime/macros.js';
import { buildFixture, catalogFile, manifestFor, recipeCatalog } from './deck-fixture.js';

const chapter = [
  '# Images',
  '',
  '---',
  '',
  '## A scaled image',
  '',
  '![:scale 50%](images/a.png)',
  '',
  '---',
  '',
  '## Scaled in code: not a macro',
  '',
  '```',
  '![:scale 10%](x.png)',
  '```',
  '',
].join('\n');

describe('macro dry run', () => {
  const build = buildFixture(manifestFor('images.md'), { 'images.md': chapter });
  const macroSlide = build.deck!.slides.find((slide) => slide.title === 'A scaled image')!;

  it('finds nothing when the runtime\'s macros run on the deck', () => {
    expect(build.deck).toBeDefined();
    expect(macroFailures(build)).toEqual([]);
  });

  it('reports a macro that throws at its slide\'s file and line, and only where it is called', () => {
    const calls: string[] = [];
    const throwing = {
      ...runtimeMacros,
      scale(this: string | undefined, width: string) {
        calls.push(`${this} ${width}`);
        throw new Error(`cannot scale ${this} to ${width}`);
      },
    };
    expect(macroFailures(build, throwing)).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'images.md',
        line: macroSlide.source.line,
        message: `slide ${macroSlide.index + 1}: macro \`scale\` throws: cannot scale images/a.png to 50%`,
      }),
    ]);
    // The one in a code fence is code, as remark's lexer reads it.
    expect(calls).toEqual(['images/a.png 50%']);
  });

  it('makes loading the deck from disk (build, lint, check, dev) fail when one of the runtime\'s macros throws', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'deck-macro-dry-run-'));
    const spy = vi.spyOn(runtimeMacros, 'scale').mockImplementation(() => {
      throw new Error('scale is broken');
    });
    try {
      writeFileSync(path.join(folder, 'workshop.yml'), manifestFor('images.md'));
      writeFileSync(path.join(folder, catalogFile), recipeCatalog);
      writeFileSync(path.join(folder, 'images.md'), chapter);
      mkdirSync(path.join(folder, 'images'));
      copyFileSync('docs/exercise-slide.png', path.join(folder, 'images/a.png'));
      const loaded = loadDeck(path.join(folder, 'workshop.yml'));
      expect(loaded.ok).toBe(false);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringMatching(/macro `scale` throws: scale is broken/)]);
    } finally {
      spy.mockRestore();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
