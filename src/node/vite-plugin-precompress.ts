/**
 * After `vite build` writes the deck, writes the compressed forms of its text files beside them
 * (src/server/precompressed.ts), which `npm start` sends to browsers that accept them.
 */
import type { Plugin } from 'vite';
import { precompressFolder } from '../server/precompressed.js';

export function precompressPlugin(): Plugin {
  return {
    name: 'deck:precompress',
    apply: 'build',
    // After every plugin has written its files (the deck's images, deck-build.json).
    writeBundle: {
      order: 'post',
      async handler(options) {
        if (options.dir) await precompressFolder(options.dir);
      },
    },
  };
}
