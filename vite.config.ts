/// <reference types="vitest/config" />
/**
 * The bare `vite` command (`npm run dev`) and vitest. An edge like the commands: the deck, its
 * variant and the servers' settings come from the environment (src/cli/environment.ts, the
 * README's table) and go to the plugins as options. `npm run build` and the other commands do
 * not read this file: they build with src/node/vite-config.ts directly.
 */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import { readEnvironment, readServeEnvironment, siteOptions } from './src/cli/environment.ts';
import { deckViteConfig } from './src/node/vite-config.ts';

export default defineConfig(async ({ command, mode }) => {
  const site = siteOptions({}, readEnvironment());
  // The follow service on the dev server; vitest runs Vite in serve mode too, but serves no deck.
  const serving = command === 'serve' && mode !== 'test';
  const serve = serving ? await readServeEnvironment(undefined, { manifest: site.manifest }) : undefined;
  return {
    ...deckViteConfig(site, serve && { settings: serve.follow, redis: serve.redis, host: serve.host, publicUrl: serve.publicUrl }),
    server: { port: serve?.port ?? 5173 },
    test: {
      include: ['tests/unit/**/*.test.ts'],
      // One worker per core, not vitest's default of one fewer: many files mostly wait on the
      // commands, servers and Redis they start (on 2 cores: 89 s → 57 s), and those tests take
      // seconds when the cores are shared, hence the longer timeout.
      maxWorkers: availableParallelism(),
      testTimeout: 20_000,
    },
  };
});
