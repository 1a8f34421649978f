/** What `vite build` writes: a small, self-contained deck that works under any base path. */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';

let files: Array<{ name: string; text: string; size: number }>;
let chunks: Rollup.OutputChunk[];

beforeAll(async () => {
  const result = (await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { write: false } })) as Rollup.RollupOutput;
  chunks = result.output.filter((item): item is Rollup.OutputChunk => item.type === 'chunk');
  files = result.output.map((item) => {
    const content = item.type === 'chunk' ? item.code : item.source;
    const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
    return { name: item.fileName, text, size: typeof content === 'string' ? Buffer.byteLength(content) : content.length };
  });
}, 60_000);

/** The deck's payload a built index.html carries (vite-plugin-deck.ts), as the page reads it. */
function embeddedPayload(html: string): string | undefined {
  return /<script type="application\/json" id="deck-payload">([^<]*)<\/script>/.exec(html)?.[1];
}

describe('built deck', () => {
  it('keeps the first-load JavaScript within 50 kB gzip: the menu, the keys, the blackout dim, the join card, the overview, the room and everything of the presenter\'s load when first used', () => {
    // What a page loads before it works: the entry and what it imports statically.
    const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
    const firstLoad = new Set<string>();
    const visit = (name: string) => {
      if (firstLoad.has(name)) return;
      firstLoad.add(name);
      byName.get(name)?.imports.forEach(visit);
    };
    chunks.filter((chunk) => chunk.isEntry).forEach((chunk) => visit(chunk.fileName));
    const gzipped = [...firstLoad].reduce((total, name) => total + gzipSync(byName.get(name)!.code).length, 0);
    expect(firstLoad.size).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(50 * 1024);
    const onDemand = chunks.filter((chunk) => !firstLoad.has(chunk.fileName)).map((chunk) => chunk.name);
    expect(onDemand).toEqual(expect.arrayContaining(['help', 'menu-panel', 'blackout-dim', 'overview-grid', 'presenter-console', 'presenter-position', 'join-card', 'room-entry', 'attendee-room', 'room-panel', 'helper-page']));
    // The console's stylesheet comes with it, not with the page.
    const firstCss = [...firstLoad].flatMap((name) => [...(byName.get(name)?.viteMetadata?.importedCss ?? [])]);
    const css = files.filter((f) => firstCss.includes(f.name)).map((f) => f.text).join('\n');
    expect(css).toContain('.remark-slide-content');
    expect(css).not.toContain('.console-notes-body');
  });

  it('carries the deck\'s text in index.html, not in the script: the JavaScript is the same whatever the deck', () => {
    const html = files.find((f) => f.name === 'index.html')!.text;
    const payload = embeddedPayload(html);
    expect(payload, 'index.html holds the deck payload').toBeDefined();
    const { slideSources, deck } = JSON.parse(payload!) as { slideSources: string[]; deck: { title: string; slides: unknown[] } };
    expect(slideSources.length).toBe(deck.slides.length);
    // The page's title is the deck's before any script runs (tabs, link previews, bookmarks).
    expect(html).toContain(`<title>${deck.title}</title>`);
    // A phrase of a slide is in the document, and in no script.
    const phrase = 'Isolation, JupyterHub, advanced scheduling';
    expect(payload).toContain(phrase);
    expect(files.filter((f) => f.name.endsWith('.js')).some((f) => f.text.includes(phrase))).toBe(false);
    // Its slides and model: about twice the deck's own files, gzipped.
    const sources = readdirSync('slides', { recursive: true, encoding: 'utf8' }).filter((f) => /\.(md|ya?ml)$/.test(f));
    const deckFilesGzipped = gzipSync(sources.map((f) => readFileSync(`slides/${f}`, 'utf8')).join('\n')).length;
    expect(gzipSync(payload!).length).toBeLessThanOrEqual(2.5 * deckFilesGzipped);
  });

  it('bundles highlight.js 11 core, not remark\'s highlight.js 9 with every language', () => {
    const script = files.filter((f) => f.name.endsWith('.js')).map((f) => f.text).join('\n');
    const css = files.filter((f) => f.name.endsWith('.css')).map((f) => f.text).join('\n');
    // The installed highlight.js is 11, and the bundle carries it: v11 stamps its version in.
    // (Booleans and matched text, not whole bundles, so that a failure stays readable.)
    const installed = (JSON.parse(readFileSync('node_modules/highlight.js/package.json', 'utf8')) as { version: string }).version;
    expect(installed).toMatch(/^11\./);
    expect(new RegExp(`[\`'"]${installed.replace(/\./g, '\\.')}[\`'"]`).test(script), `the bundle carries highlight.js ${installed}`).toBe(true);
    // v11's scoped grammars (`beginScope`, `highlightElement`) and the classes its emitter makes of
    // scopes (`hljs-title function_`), which our theme colours; v9 knows none of them.
    expect(/\bbeginScope\b/.test(script) && /\bhighlightElement\b/.test(script), 'v11 scopes in the bundle').toBe(true);
    expect(/[`'"]_[`'"]\.repeat\(/.test(script), 'v11 scope-to-class emitter in the bundle').toBe(true);
    expect(/\.hljs-title\.function_\b/.test(css), 'the theme styles v11 classes').toBe(true);
    // Nothing of v9: its options and class names, remark's 76 v9 themes, the languages only its full bundle carries.
    expect(script.match(/\b(tabReplace|useBR)\b/)?.[0], 'a highlight.js 9 option in the bundle').toBeUndefined();
    expect((script + css).match(/hljs-builtin-name|\.hljs-(zenburn|monokai|solarized-dark|tomorrow-night)\b/)?.[0], 'a highlight.js 9 class or theme').toBeUndefined();
    expect(script.match(/\b(brainfuck|livecodeserver|mathematica)\b/i)?.[0], 'a language of the full highlight.js 9').toBeUndefined();
  });

  it('ships the grammars of the languages the deck uses (bash and yaml), and no others', () => {
    const script = files.filter((f) => f.name.endsWith('.js')).map((f) => f.text).join('\n');
    const grammars = [...script.matchAll(/\bname:\s*["`]([^"`]+)["`]/g)].map((m) => m[1]).filter((name) => ['Bash', 'YAML', 'Ruby', 'Python', 'Go', 'JSON', 'Shell Session', 'Dockerfile'].includes(name));
    expect([...new Set(grammars)].sort()).toEqual(['Bash', 'YAML']);
  });

  it('ships its fonts and fetches nothing from other hosts', () => {
    expect(files.some((f) => /source-sans-3.*\.woff2$/.test(f.name))).toBe(true);
    expect(files.some((f) => /jetbrains-mono.*\.woff2$/.test(f.name))).toBe(true);
    const html = files.find((f) => f.name === 'index.html')!.text;
    const css = files.filter((f) => f.name.endsWith('.css')).map((f) => f.text).join('\n');
    expect(html + css).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(css).not.toMatch(/url\(["']?(https?:)?\/\//);
  });

  it('refers to its assets by relative URLs, so any base path works', () => {
    const html = files.find((f) => f.name === 'index.html')!.text;
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(1);
    for (const reference of references) expect(reference.startsWith('./')).toBe(true);
  });
});
