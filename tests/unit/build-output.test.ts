/** What `vite build` writes: a small, self-contained deck that works under any base path. */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';

let files: Array<{ name: string; text: string; size: number }>;

beforeAll(async () => {
  const result = (await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { write: false } })) as Rollup.RollupOutput;
  files = result.output.map((item) => {
    const content = item.type === 'chunk' ? item.code : item.source;
    const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
    return { name: item.fileName, text, size: typeof content === 'string' ? Buffer.byteLength(content) : content.length };
  });
}, 60_000);

describe('built deck', () => {
  it('keeps the page JavaScript within 50 kB gzip', () => {
    const scripts = files.filter((f) => f.name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((total, f) => total + gzipSync(f.text).length, 0);
    expect(gzipped).toBeLessThanOrEqual(50 * 1024);
  });

  it('bundles highlight.js 11 core, not remark\'s highlight.js 9 with every language', () => {
    const script = files.filter((f) => f.name.endsWith('.js')).map((f) => f.text).join('\n');
    expect(script).toContain('highlight.js');
    // Languages only the full highlight.js 9 bundle carries.
    expect(script).not.toMatch(/\b(brainfuck|livecodeserver|mathematica)\b/i);
  });

  it('ships the grammars of the languages the deck uses (bash, yaml and the ruby yaml embeds), and no others', () => {
    const script = files.filter((f) => f.name.endsWith('.js')).map((f) => f.text).join('\n');
    const grammars = [...script.matchAll(/\bname:\s*["`]([^"`]+)["`]/g)].map((m) => m[1]).filter((name) => ['Bash', 'YAML', 'Ruby', 'Python', 'Go', 'JSON', 'Shell Session', 'Dockerfile'].includes(name));
    expect([...new Set(grammars)].sort()).toEqual(['Bash', 'Ruby', 'YAML']);
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
