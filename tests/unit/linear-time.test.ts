/**
 * No input stops the loader: a 160 kB chapter of any junk that once took the loader (or remark)
 * time growing with the square of its size lints in under 2 s, without a loader failure, and
 * in about 4 times the time of a 40 kB one (16 times would be quadratic). The chapters are
 * linted in a child process killed after a minute, so a slow loader fails this test instead of
 * hanging the suite. bench/pathological.ts measures the growth up to 1 MB.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { containerTrainingPatterns, pathologicalPatterns } from './pathological-inputs.js';

const size = 160_000;
const child = fileURLToPath(new URL('./lint-timing-child.ts', import.meta.url));
const results = new Map<string, { ms: number; quarterMs: number; crash: string }>();

beforeAll(() => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, String(size)], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 20 });
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const [pattern, ms, quarterMs, crash] = line.split('\t');
    results.set(pattern, { ms: Number(ms), quarterMs: Number(quarterMs), crash });
  }
}, 70_000);

describe(`a ${size / 1000} kB chapter of junk lints in under 2 s`, () => {
  for (const pattern of [...Object.keys(pathologicalPatterns), ...Object.keys(containerTrainingPatterns)]) {
    it(pattern, () => {
      const result = results.get(pattern);
      expect(result, `${pattern}: did not finish within the minute the child had`).toBeDefined();
      expect(result!.crash).toBe('');
      expect(result!.ms).toBeLessThan(2000);
      // Below 100 ms timer and collector noise swamp the ratio.
      if (result!.ms >= 100) expect(result!.ms / Math.max(result!.quarterMs, 1), `${result!.quarterMs} ms at ${size / 4000} kB, ${result!.ms} ms at ${size / 1000} kB`).toBeLessThan(10);
    });
  }
});
