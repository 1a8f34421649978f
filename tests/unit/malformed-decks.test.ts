/**
 * The corpus of broken decks in tests/fixtures/malformed/: each case is a folder with a
 * `workshop.yml`, its chapters and `expected.txt`, one expected finding a line
 * (`severity file:line:column start of the message`; `variant: name` picks a variant). Every
 * case must produce exactly those findings, and none may make the loader fail.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDeck, internalErrorPrefix } from '../../src/core/deck.js';
import { remarkSlides } from './deck-fixture.js';

const corpus = path.resolve('tests/fixtures/malformed');
const cases = readdirSync(corpus).filter((name) => statSync(path.join(corpus, name)).isDirectory());

interface Expected {
  variant?: string;
  findings: Array<{ where: string; message: string }>;
}

function readExpected(folder: string): Expected {
  const expected: Expected = { findings: [] };
  for (const line of readFileSync(path.join(folder, 'expected.txt'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const variant = /^variant: (\S+)$/.exec(line);
    if (variant) {
      expected.variant = variant[1];
      continue;
    }
    const finding = /^((?:error|warning) \S+:\d+:\d+) (.+)$/.exec(line);
    if (!finding) throw new Error(`${folder}/expected.txt: cannot read \`${line}\``);
    expected.findings.push({ where: finding[1], message: finding[2] });
  }
  return expected;
}

/** Builds a case from disk, as bytes like the real shell, naming files by their path inside the case folder. */
function buildCase(folder: string, variant?: string) {
  const read = (relative: string) => {
    const file = path.join(folder, relative);
    return existsSync(file) && statSync(file).isFile() ? { file: relative, bytes: readFileSync(file) } : undefined;
  };
  return buildDeck({ manifest: read('workshop.yml')!, read }, { variant });
}

it('has at least 25 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(25);
});

describe('malformed decks', () => {
  for (const name of cases) {
    it(name, () => {
      const folder = path.join(corpus, name);
      const expected = readExpected(folder);
      const build = buildCase(folder, expected.variant);
      expect(build.diagnostics.filter((d) => d.message.startsWith(internalErrorPrefix))).toEqual([]);
      const found = build.diagnostics.map((d) => ({ where: `${d.severity} ${d.file}:${d.line}:${d.column}`, message: d.message }));
      expect(found.map((f) => f.where)).toEqual(expected.findings.map((f) => f.where));
      found.forEach((f, i) => expect(f.message).toContain(expected.findings[i].message));
      for (const d of build.diagnostics) expect(d.fix.length).toBeGreaterThan(0);
      expect(build.ok).toBe(!expected.findings.some((f) => f.where.startsWith('error')));
      // Whatever is wrong, a deck that does build is one remark splits as modelled.
      if (build.ok && build.deck) expect(remarkSlides(build.source ?? '')).toHaveLength(build.deck.slides.length);
    });
  }
});
