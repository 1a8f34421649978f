import { defineConfig } from 'vitest/config';
import { deckPlugin } from './src/node/vite-plugin-deck.ts';
import { followPlugin } from './src/node/vite-plugin-follow.ts';

export default defineConfig({
  // Relative asset URLs: the built deck works from any static server, under any base path.
  base: './',
  plugins: [deckPlugin(), followPlugin()],
  build: {
    outDir: process.env.DECK_OUT_DIR ?? 'dist',
    // Fonts and images stay files (cacheable, offline); nothing is fetched from elsewhere.
    assetsInlineLimit: 0,
  },
  server: { port: Number(process.env.PORT ?? 5173) },
  test: {
    include: ['tests/unit/**/*.test.ts'],
  },
});
