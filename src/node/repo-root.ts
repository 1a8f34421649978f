import { fileURLToPath } from 'node:url';

/**
 * The repository (or installed app) folder: index.html, src/runtime and public/ for Vite builds.
 * This file sits two folders below it both as source (src/node/) and compiled (lib/cli/).
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
