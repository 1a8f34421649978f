/**
 * A build's text files, compressed once when built: `index.html.br` and `index.html.gz` beside
 * `index.html`. The static server sends the smallest one the browser accepts, so a room of
 * phones joining on the venue's Wi-Fi downloads about a third of the bytes, with no CPU spent
 * per request; static hosts that look for such files (nginx's `gzip_static`) use them too.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** What a client may accept, best first, and the suffix of its file. */
export const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export type Encoding = (typeof encodings)[number]['name'];

const compressible = /\.(html|js|mjs|css|svg|json|txt|xml|map|webmanifest)$/i;

/**
 * Brotli's best quality takes seconds on megabytes (a 2,500-slide deck's index.html: 4.7 s
 * against 79 ms at 9, for 20 % more bytes): the best for the page's usual files, 9 beyond.
 */
const bestQualityUpTo = 256 * 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

function compress(bytes: Buffer): Promise<Buffer[]> {
  const quality = bytes.length <= bestQualityUpTo ? constants.BROTLI_MAX_QUALITY : 9;
  return Promise.all([
    brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    gzipped(bytes, { level: 9 }),
  ]);
}

function textFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && compressible.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Writes each text file's compressed forms beside it (replacing older ones), or removes them where
 * compressing saves less than a tenth. Returns the text's bytes before and after, gzip.
 */
export async function precompressFolder(folder: string): Promise<{ files: number; bytes: number; gzipBytes: number }> {
  const files = textFilesUnder(folder);
  let bytes = 0;
  let gzipBytes = 0;
  await Promise.all(
    files.map(async (file) => {
      const original = await readFile(file);
      const forms = await compress(original);
      bytes += original.length;
      gzipBytes += Math.min(original.length, forms[1].length);
      await Promise.all(
        encodings.map(({ suffix }, i) =>
          forms[i].length < original.length * 0.9 ? writeFile(file + suffix, forms[i]) : rmSync(file + suffix, { force: true }),
        ),
      );
    }),
  );
  return { files: files.length, bytes, gzipBytes };
}

/**
 * The compressed forms of each servable file (by URL path), from the file list: a form is used
 * only if it was written after its file (a form left over from an older build is ignored).
 */
export function compressedVariants(files: ReadonlyMap<string, string>): Map<string, Map<Encoding, string>> {
  const forms = new Map<string, Map<Encoding, string>>();
  for (const [url, file] of files) {
    if (!compressible.test(url)) continue;
    const written = statSync(file).mtimeMs;
    for (const { name, suffix } of encodings) {
      const form = files.get(url + suffix);
      if (!form || statSync(form).mtimeMs < written) continue;
      if (!forms.has(url)) forms.set(url, new Map());
      forms.get(url)!.set(name, form);
    }
  }
  return forms;
}
