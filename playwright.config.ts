import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { readEnvironment } from './src/cli/environment.ts';
import { browserLaunchOptions } from './src/node/find-browser.ts';

const port = Number(process.env.TEST_PORT ?? 4317);

export default defineConfig({
  testDir: 'tests/browser',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: browserLaunchOptions(readEnvironment().chromePath),
    viewport: { width: 1210, height: 681 },
  },
  // The real `npm start` path: build, then serve dist/ (--build: never test a stale build;
  // --no-pdf: no handout exported in the background, tests/browser/handout.spec.ts tests that).
  webServer: {
    command: `node scripts/deck.mjs start --build --no-pdf`,
    // The presenter's secret and the talk clock are kept under XDG_CONFIG_HOME: not the user's own.
    env: { PORT: String(port), HOST: '127.0.0.1', XDG_CONFIG_HOME: path.join(tmpdir(), `deck-tests-config-${port}`) },
    url: `http://127.0.0.1:${port}/deck-build.json`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
