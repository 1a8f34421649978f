/** `npm run bench:authoring`: both authoring benchmarks, one after the other. */
import { spawnSync } from 'node:child_process';

for (const script of ['bench/authoring-lint.ts', 'bench/authoring-hot-reload.ts']) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
