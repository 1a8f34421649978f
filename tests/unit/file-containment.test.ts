/**
 * A deck ships, builds in and serves only files inside its manifest's folder, symbolic links
 * followed: a chapter listed as `../../outside/chapter.md`, a symlinked chapter or catalog, an
 * image linked to /etc/passwd are errors at the manifest line or the slide line, and nothing
 * from outside reaches dist/ (even in `check`'s build-with-errors mode) or the dev server.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, createServer } from 'vite';
import { loadDeck } from '../../src/node/load-deck.js';
import { deckPlugin } from '../../src/node/vite-plugin-deck.js';

const secret = 'SECRET-FROM-OUTSIDE-THE-DECK';
let base: string;
let deck: string;
let manifest: string;

const manifestText = [
  'title: Contained', // 1
  'catalog: recipes.yml', // 2
  'chapters:', // 3
  '  - a.md', // 4
  '  - ../../outside/chapter.md', // 5
  '  - linked.md', // 6
  '',
].join('\n');

const chapterText = [
  '# A', // 1
  '', // 2
  '---', // 3
  '', // 4
  '## Pictures', // 5
  '', // 6
  '![ok](images/ok.png)', // 7
  '', // 8
  '![passwd](images/passwd.png)', // 9
  '', // 10
  '<img src="images/secret.png">', // 11
  '', // 12
  '<<< @/code/linked.yaml', // 13
  '', // 14
  '```yaml', // 15
  '@@INCLUDE[code/linked.yaml]@@', // 16
  '```', // 17
  '',
].join('\n');

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'deck-containment-'));
  const outside = path.join(base, 'outside');
  deck = path.join(base, 'deck', 'slides');
  mkdirSync(outside, { recursive: true });
  mkdirSync(path.join(deck, 'images'), { recursive: true });
  mkdirSync(path.join(deck, 'real'));
  writeFileSync(path.join(outside, 'chapter.md'), `# Outside\n\n${secret}\n`);
  writeFileSync(path.join(outside, 'recipes.yml'), `# ${secret}\ngithub: []\n`);
  writeFileSync(path.join(outside, 'secret.png'), secret);
  writeFileSync(path.join(deck, 'real', 'ok.png'), 'PNG-INSIDE');
  manifest = path.join(deck, 'workshop.yml');
  writeFileSync(manifest, manifestText);
  writeFileSync(path.join(deck, 'a.md'), chapterText);
  symlinkSync(path.join(outside, 'chapter.md'), path.join(deck, 'linked.md'));
  mkdirSync(path.join(deck, 'code'));
  symlinkSync(path.join(outside, 'recipes.yml'), path.join(deck, 'code', 'linked.yaml'));
  symlinkSync('../../outside/recipes.yml', path.join(deck, 'recipes.yml'));
  symlinkSync('/etc/passwd', path.join(deck, 'images', 'passwd.png'));
  symlinkSync(path.join(outside, 'secret.png'), path.join(deck, 'images', 'secret.png'));
  // A link that stays inside the folder is fine.
  symlinkSync('../real/ok.png', path.join(deck, 'images', 'ok.png'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const shown = (file: string) => path.relative(process.cwd(), path.join(deck, file));

describe('the loader refuses files outside the manifest folder', () => {
  it('reports each at the manifest line or the slide line, and reads none of them', () => {
    const result = loadDeck(manifest, {});
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      `${shown('workshop.yml')}:2:10`,
      `${shown('a.md')}:13:5`,
      `${shown('a.md')}:16:11`,
      `${shown('a.md')}:9:11`,
      `${shown('a.md')}:11:11`,
      `${shown('workshop.yml')}:5:5`,
      `${shown('workshop.yml')}:6:5`,
    ]);
    expect(errors[0].message).toContain("recipe catalog `recipes.yml` leads outside the deck's folder");
    expect(errors[3].message).toContain("image `images/passwd.png` leads outside the deck's folder (the manifest's; through a symbolic link, to `/etc/passwd`)");
    expect(errors[1].message).toContain("included file `code/linked.yaml` leads outside the deck's folder");
    expect(errors[2].message).toContain("included file `code/linked.yaml` leads outside the deck's folder");
    expect(errors[5].message).toContain("chapter file `../../outside/chapter.md` is outside the deck's folder");
    expect(errors[6].message).toContain("chapter file `linked.md` leads outside the deck's folder");
    for (const error of errors) expect(error.fix).toMatch(/manifest's folder/);
    expect(JSON.stringify(result.deck)).not.toContain(secret);
    expect(result.deck?.assets.map((a) => a.path)).toEqual(['images/ok.png']);
  });

  it('builds nothing from outside into dist/, even when `check` builds a deck with errors', async () => {
    const outDir = path.join(base, 'dist');
    await build({
      configFile: false,
      root: process.cwd(),
      base: './',
      logLevel: 'silent',
      plugins: [deckPlugin({ manifest, allowErrors: true })],
      build: { outDir, emptyOutDir: true, assetsInlineLimit: 0 },
    });
    const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => path.join(f.parentPath, f.name));
    expect(files.map((f) => path.relative(outDir, f))).toContain(path.join('images', 'ok.png'));
    expect(files.map((f) => path.relative(outDir, f))).not.toContain(path.join('images', 'passwd.png'));
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0];
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      expect(text, file).not.toContain(secret);
      expect(text, file).not.toContain(passwd);
    }
  }, 60_000);

  it('fails the build of such a deck', async () => {
    await expect(
      build({ configFile: false, root: process.cwd(), logLevel: 'silent', plugins: [deckPlugin({ manifest })], build: { write: false } }),
    ).rejects.toThrow(/leads outside the deck's folder/);
  }, 60_000);
});

describe('a deck that names its root (`root: ..`), as container.training decks need', () => {
  /** A container.training-style manifest in slides/, reading from the repository root above it. */
  const write = (name: string, root: string | undefined, chapters: string[]) => {
    const file = path.join(deck, name);
    writeFileSync(file, ['title: Rooted', ...(root ? [`root: ${root}`] : []), 'content:', ...chapters.map((c) => `  - ${c}`), ''].join('\n'));
    return file;
  };
  beforeAll(() => {
    mkdirSync(path.join(deck, '..', 'k8s'), { recursive: true });
    mkdirSync(path.join(deck, '..', 'shared'), { recursive: true });
    writeFileSync(path.join(deck, '..', 'k8s', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-the-repository-root\nspec:\n  containers:\n    - name: web\n      image: nginx\n');
    writeFileSync(path.join(deck, '..', 'shared', 'intro.md'), '# Shared intro\n');
    // container.training writes the directive with no closing `@@`, its path from the repository root.
    writeFileSync(path.join(deck, 'ct.md'), '# Pods\n\n```yaml\n@@INCLUDE[k8s/pod.yaml]\n```\n');
    // Images ship beside the page: a root does not let one come from above the manifest's folder.
    symlinkSync('../../k8s/pod.yaml', path.join(deck, 'images', 'pod.png'));
    writeFileSync(path.join(deck, 'img.md'), '# Picture\n\n![pod](images/pod.png)\n');
  });

  it('reads chapters and @@INCLUDE files from the root it names, and nothing beyond it', () => {
    const result = loadDeck(write('rooted.yml', '..', ['../shared/intro.md', 'ct.md', '../../outside/chapter.md']), {});
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${path.basename(d.file)}:${d.line}:${d.column} ${d.message}`)).toEqual([
      "rooted.yml:6:5 chapter file `../../outside/chapter.md` is outside the deck's folder, and a build reads only what is inside it",
    ]);
    expect(result.source).toContain('  name: from-the-repository-root');
    expect(result.deck?.chapters.map((c) => c.title)).toEqual(['Shared intro', 'Pods']);
    expect(result.files).toContain(path.join(deck, '..', 'k8s', 'pod.yaml'));
    expect(JSON.stringify(result.deck)).not.toContain(secret);
  });

  it('without `root:` refuses them, saying what to add', () => {
    const result = loadDeck(write('unrooted.yml', undefined, ['../shared/intro.md', 'ct.md']), {});
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}`)).toEqual(['unrooted.yml:3:5', 'ct.md:4:11']);
    for (const error of errors) {
      expect(error.message).toMatch(/is outside the deck's folder/);
      expect(error.fix).toContain('`root: ..`');
    }
    expect(result.source ?? '').not.toContain('from-the-repository-root');
  });

  it("keeps images in the manifest's folder, and refuses a root that is not above it", () => {
    const images = loadDeck(write('images.yml', '..', ['img.md']), {});
    expect(images.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      expect.stringContaining("image `images/pod.png` leads outside the deck's folder (the manifest's; through a symbolic link"),
    ]);
    const wrong = loadDeck(write('wrong-root.yml', 'k8s', ['ct.md']), {});
    expect(wrong.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`)).toContain(
      "2:7 `root: k8s` must name the manifest's folder or one above it",
    );
  });
});

describe('the build', () => {
  it('reads each image again as it copies it, and refuses one linked outside since the deck was loaded', () => {
    writeFileSync(manifest, 'title: Swap\nchapters:\n  - b.md\n');
    writeFileSync(path.join(deck, 'b.md'), '# B\n\n---\n\n![](images/swapped.png)\n');
    writeFileSync(path.join(deck, 'images', 'swapped.png'), 'PNG-SWAPPED');
    const [plugin] = deckPlugin({ manifest });
    const emitted: Array<{ fileName?: string; source?: unknown }> = [];
    const context = { warn: () => {}, error: (message: string) => { throw new Error(message); }, emitFile: (file: { fileName?: string; source?: unknown }) => emitted.push(file) };
    try {
      (plugin.buildStart as unknown as (this: typeof context) => void).call(context);
      (plugin.generateBundle as unknown as (this: typeof context) => void).call(context);
      expect(emitted.find((f) => f.fileName === 'images/swapped.png')?.source?.toString()).toBe('PNG-SWAPPED');
      unlinkSync(path.join(deck, 'images', 'swapped.png'));
      symlinkSync('/etc/passwd', path.join(deck, 'images', 'swapped.png'));
      expect(() => (plugin.generateBundle as unknown as (this: typeof context) => void).call(context)).toThrow(/`images\/swapped.png` is no longer a file inside the manifest's folder/);
    } finally {
      writeFileSync(manifest, manifestText);
    }
  });
});

describe('the dev server', () => {
  it('never serves an image from outside, even one linked after the deck was loaded', async () => {
    writeFileSync(path.join(deck, 'workshop.yml'), 'title: Dev\nchapters:\n  - b.md\n');
    writeFileSync(path.join(deck, 'b.md'), '# B\n\n---\n\n![](images/later.png)\n');
    writeFileSync(path.join(deck, 'images', 'later.png'), 'PNG-LATER');
    const server = await createServer({
      configFile: false,
      root: process.cwd(),
      logLevel: 'silent',
      plugins: [deckPlugin({ manifest })],
      server: { host: '127.0.0.1', port: 0, watch: null, hmr: false },
    });
    try {
      await server.listen();
      const address = server.httpServer?.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/images/later.png`;
      // Loading the page module loads the deck, which lists the image the server may serve.
      await server.transformRequest('virtual:deck');
      expect(await (await fetch(url)).text()).toBe('PNG-LATER');
      unlinkSync(path.join(deck, 'images', 'later.png'));
      symlinkSync('/etc/passwd', path.join(deck, 'images', 'later.png'));
      const response = await fetch(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(readFileSync('/etc/passwd', 'utf8').split('\n')[0]);
    } finally {
      await server.close();
      writeFileSync(manifest, manifestText);
    }
  }, 60_000);
});
