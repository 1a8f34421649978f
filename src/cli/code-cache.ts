/**
 * Runs a compiled CommonJS script (lib/cli/lint.cjs) with V8's code cache, so that a short
 * command does not compile its code again at every start (Node 20 keeps no code cache for ES
 * modules). The cache is written after the first run, once the functions that ran have been
 * compiled, beside the script (`<script>.<V8 version>.v8-cache`); a run that cannot write it (a read-only
 * install) only misses the gain. On a 1,006-slide lint it saves about a tenth of the
 * instructions and 20 to 40 ms (bench/startup.md).
 *
 * V8 checks a cache against its own version and flags, but against the script only by length:
 * the cache file holds the script it was made from, and is used only when that is byte for
 * byte the script on disk (a compare costs less than hashing, or than loading node:crypto); it
 * is made again for any other script, or when V8 rejects it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

export interface CachedScript<Exports> {
  exports: Exports;
  /** Writes the cache when it was missing, made for another script or rejected; after the run, so that it holds the functions that ran. */
  save(): void;
}

/** `undefined` when `file` does not exist (commands run from source through tsx). */
export function runWithCodeCache<Exports>(file: string): CachedScript<Exports> | undefined {
  let script: Buffer;
  try {
    script = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // One per V8: two Node versions used in turn do not keep replacing each other's cache.
  const cacheFile = `${file}.${process.versions.v8}.v8-cache`;
  // [script's length, 4 bytes][the script][V8's data]
  const stored = readIfPresent(cacheFile);
  const madeFor = stored && stored.length > 4 ? stored.subarray(4, 4 + stored.readUInt32LE(0)) : undefined;
  const cachedData = madeFor?.equals(script) ? stored?.subarray(4 + script.length) : undefined;
  // CommonJS's own wrapper: the script reads `require`, `module`, `__filename` as a module does.
  const compiled = new Script(`(function (exports, require, module, __filename, __dirname) {${script.toString('utf8')}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  compiled.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  const current = cachedData !== undefined && !compiled.cachedDataRejected;
  return {
    exports: module.exports as Exports,
    save() {
      if (current) return;
      try {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        const length = Buffer.alloc(4);
        length.writeUInt32LE(script.length);
        writeFileSync(temporary, Buffer.concat([length, script, compiled.createCachedData()]));
        renameSync(temporary, cacheFile);
      } catch {
        // Read-only: the next run compiles again, as without a cache.
      }
    },
  };
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
