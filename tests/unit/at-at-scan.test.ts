/**
 * container.training's `@@...@@` scanner (src/core/at-at-scan.ts) finds what its builder's
 * regular expression finds, and in time linear in the text (it once searched for the next `]`
 * from every `@@NAME[`: 200 k of them took a second, four times the time of 100 k).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanAtAts } from '../../src/core/at-at-scan.ts';
import { findAtAts } from '../../src/core/substitutions.ts';

/** The builder's own expression (slides/markmaker.py), as the oracle. */
const builder = /@@([A-Z][A-Z0-9_]*)(?:\[([^\]\n]*)\])?@@/g;

const text = fc.array(fc.constantFrom('@@', '@', 'A', 'LINK', 'B1_', '[', ']', '\n', 'x', ' '), { maxLength: 60 }).map((parts) => parts.join(''));

describe('scanAtAts', () => {
  it('finds exactly the builder\'s matches, in order, with their names, arguments and offsets', () => {
    fc.assert(
      fc.property(text, (written) => {
        const expected = [...written.matchAll(builder)].map((m) => ({ name: m[1], argument: m[2], text: m[0], offset: m.index }));
        const found = scanAtAts(written).map(({ name, argument, text: matched, offset }) => ({ name, argument, text: matched, offset }));
        expect(found).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes `@@LINK[path]` and `@@INCLUDE[path]` without their closing `@@`, as the builder does', () => {
    expect(findAtAts('see @@LINK[a.yaml] and @@INCLUDE[b.yaml]@@ and @@OTHER[c]').map((m) => [m.name, m.argument, m.text])).toEqual([
      ['LINK', 'a.yaml', '@@LINK[a.yaml]'],
      ['INCLUDE', 'b.yaml', '@@INCLUDE[b.yaml]@@'],
    ]);
    expect(findAtAts('@@LINK[a\nb]')).toEqual([]);
  });

  it('takes time linear in the text: four times the junk, about four times the time', () => {
    const time = (n: number) => {
      const junk = '@@A['.repeat(n) + ']';
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const start = performance.now();
        findAtAts(junk);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    time(10_000); // warm up
    const small = time(50_000);
    const large = time(200_000);
    // Quadratic would be 16 times (the old scan: 2.4 s); timers, the collector and other test files running alongside blur small figures, hence the floor.
    expect(large, `${small.toFixed(1)} ms for 50 k, ${large.toFixed(1)} ms for 200 k`).toBeLessThan(Math.max(8 * small, 300));
  });
});
