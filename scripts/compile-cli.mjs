/**
 * Compiles the commands (src/cli/deck.ts, each command, and what they import from src/) into
 * lib/cli/ with esbuild: one ES module per command plus shared chunks, npm packages left as
 * imports, so that a command starts in plain Node without a TypeScript loader. Run by `npm
 * install` and `npm ci` (the `prepare` script) and by scripts/deck.mjs whenever a source changed.
 *
 * lib/cli/inputs.json records every source the output was made from, with its modification time
 * and size as they were before esbuild read them: a source that differs since (edited, checked
 * out, deleted) makes the output stale. Plain JavaScript: it runs before anything is compiled.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const defaultOutDir = path.join(repoRoot, 'lib', 'cli');
const stampName = 'inputs.json';
/** The dispatcher, and each command as a file of its own (lib/cli/lint.js...). */
const entryPoints = ['deck', 'build', 'check', 'lint', 'pdf', 'screenshots', 'start'].map((name) => `src/cli/${name}.ts`);
/** Files the compiled code reads beside itself at run time (`new URL(..., import.meta.url)`). */
const copiedFiles = ['src/pdf/print.css'];
const thisScript = 'scripts/compile-cli.mjs';
/**
 * The loader's YAML parser: one ES module here instead of some 80 CommonJS files for Node to
 * find and wrap (about 20 ms of every lint); and the "did you mean" distance, a small CommonJS
 * file Node would find, read and scan for its exports. Still dependencies: `npm run dev` loads
 * them itself.
 */
const bundledPackages = ['yaml', 'fastest-levenshtein'];
/** yaml's ES module build (the one its package gives browsers), which esbuild can shake down to what the loader calls. */
const bundledAliases = { yaml: './node_modules/yaml/browser/dist/index.js' };

/** An esbuild plugin: every bare import (an npm package or a Node built-in) stays an import, except `bundled`. */
function externalPackagesExcept(bundled) {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        return bundled.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

export const noEsbuildHelp =
  'The commands in lib/cli/ are older than src/, and esbuild, which compiles them, is not installed ' +
  '(an install without dev dependencies). Run `npm install` (or `npm ci`) to get it; they are then ' +
  'compiled again by themselves. In the container image, build the image again.';

/** Every file under `folder` (relative to `root`, forward slashes). */
function filesUnder(root, folder) {
  const found = [];
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...filesUnder(root, relative));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

function fileState(root, file) {
  const stat = statSync(path.join(root, file), { throwIfNoEntry: false });
  return stat ? [stat.mtimeMs, stat.size] : undefined;
}

/**
 * Why the compiled commands in `outDir` must be compiled again, or `undefined` when they are
 * current. An installation without src/ (the container image) runs what it was given.
 */
export function staleReason(root = repoRoot, outDir = defaultOutDir) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(outDir, stampName), 'utf8'));
  } catch {
    return `nothing compiled in ${path.relative(root, outDir) || outDir} yet`;
  }
  if (!statSync(path.join(root, 'src'), { throwIfNoEntry: false })?.isDirectory()) return undefined;
  for (const [file, recorded] of Object.entries(stamp.inputs)) {
    const now = fileState(root, file);
    if (!now) return `${file} is gone`;
    if (now[0] !== recorded[0] || now[1] !== recorded[1]) return `${file} changed`;
  }
  return undefined;
}

/** Writes `text` to `file` through a temporary name: a command starting meanwhile sees the old file or the new one. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/** Compiles into `outDir`; throws `noEsbuildHelp` when esbuild is not installed. */
export async function compileCli({ root = repoRoot, outDir = defaultOutDir } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error(noEsbuildHelp);
  }
  // Taken before esbuild reads anything: a source saved during the compile leaves the output stale.
  const before = new Map([...filesUnder(root, 'src'), thisScript].map((file) => [file, fileState(root, file)]));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: outDir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages stay imports, resolved from node_modules at run time and loaded when first
    // needed; except those every command loads anyway, bundled to spare Node their many files.
    plugins: [externalPackagesExcept(bundledPackages)],
    alias: bundledAliases,
    // A bundled CommonJS package requires Node's built-ins: give ES modules a `require`.
    banner: { js: "import { createRequire as __deckCreateRequire } from 'node:module'; const require = __deckCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const lintScript = await compileLintScript(esbuild, root, outDir);
  mkdirSync(outDir, { recursive: true });
  // Chunks first, entries after them, the stamp last: whoever reads an entry finds its chunks.
  const outputs = [...result.outputFiles, ...lintScript.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const output of outputs) writeAtomically(output.path, output.contents);
  for (const file of copiedFiles) {
    const target = path.join(outDir, path.basename(file));
    copyFileSync(path.join(root, file), `${target}.${process.pid}.tmp`);
    renameSync(`${target}.${process.pid}.tmp`, target);
  }
  const inputs = {};
  for (const file of [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(lintScript.metafile.inputs), ...copiedFiles, thisScript])].sort()) {
    const state = before.get(file) ?? fileState(root, file);
    if (state) inputs[file] = state;
  }
  writeAtomically(path.join(outDir, stampName), `${JSON.stringify({ inputs }, null, 1)}\n`);
  // Chunks of earlier compiles.
  const kept = new Set([...outputs.map((o) => path.basename(o.path)), ...copiedFiles.map((f) => path.basename(f)), stampName]);
  for (const name of readdirSync(outDir)) {
    if (!kept.has(name) && !name.endsWith('.tmp')) rmSync(path.join(outDir, name), { force: true });
  }
  return { outputs: outputs.map((o) => o.path), metafile: result.metafile, lintMetafile: lintScript.metafile };

  function isEntry(file) {
    return file.endsWith('.cjs') || entryPoints.some((entry) => path.basename(file) === `${path.basename(entry, '.ts')}.js`);
  }
}

/**
 * lib/cli/lint.cjs: the lint command and all it loads as one CommonJS script, which the
 * dispatcher runs with V8's code cache (src/cli/code-cache.ts; Node 20 has no code cache for ES
 * modules). `import.meta.url` becomes the script's own URL; any other warning (an ES-module-only
 * construct that would silently break in CommonJS) fails the compile.
 */
async function compileLintScript(esbuild, root, outDir) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { lint: 'src/cli/lint-bundle.ts' },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    plugins: [externalPackagesExcept(bundledPackages)],
    alias: bundledAliases,
    define: { 'import.meta.url': '__deckScriptUrl' },
    banner: { js: "var __deckScriptUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    const messages = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    throw new Error(`Compiling lib/cli/lint.cjs:\n${messages.join('\n')}`);
  }
  return result;
}

// Run directly (the `prepare` script): compile now. Without esbuild (an install without dev
// dependencies), say so and leave lib/ as it is: the install itself must not fail.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const started = performance.now();
    await compileCli();
    console.log(`Compiled the commands into lib/cli/ in ${Math.round(performance.now() - started)} ms.`);
  } catch (error) {
    if (error.message !== noEsbuildHelp) throw error;
    console.warn(`Not compiling the commands: esbuild is not installed (an install without dev dependencies); lib/cli/ stays as it is.`);
  }
}
