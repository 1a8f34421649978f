/**
 * What a built index.html carries of the deck (src/node/vite-plugin-deck.ts `builtPage`): the
 * title and the slides are other people's text, so neither may end its element or open a script.
 */
import { describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/core/deck.js';
import { builtPage } from '../../src/node/vite-plugin-deck.js';

const hostileTitle = '</title><script>alert(1)</script> & Co_';
const hostileSlide = '# Scripts\n\nA slide that ends its element: </script><!-- <script>alert(2)</script>\n';

function hostileBuild() {
  const build = buildDeck({
    manifest: { file: 'slides/deck.yml', text: `title: ${JSON.stringify(hostileTitle)}\nchapters:\n  - one.md\n` },
    read: (p) => (p === 'one.md' ? { file: 'slides/one.md', text: hostileSlide } : undefined),
    exists: (p) => p === 'one.md',
  });
  expect(build.deck?.title).toBe(hostileTitle);
  return build;
}

describe('builtPage', () => {
  const page = '<!doctype html><html><head><title>Deck</title></head><body><div id="app"></div></body></html>';

  it('puts the deck’s title in <title> as text: no tag of it survives', () => {
    const { html } = builtPage(page, hostileBuild());
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/<\/title>/g)).toHaveLength(1);
    expect(html).not.toContain('<script');
    // What a browser shows: the title, character for character.
    const shown = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    expect(shown.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))).toBe(hostileTitle);
  });

  it('carries the slides as JSON no slide can close or comment out, read back exactly', () => {
    const build = hostileBuild();
    const [payload] = builtPage(page, build).tags;
    expect(payload.tag).toBe('script');
    expect(payload.attrs).toMatchObject({ type: 'application/json' });
    const text = payload.children as string;
    expect(text).not.toContain('<');
    const read = JSON.parse(text) as { slideSources: string[] };
    expect(read.slideSources.join('')).toBe(build.source);
    expect(read.slideSources.join('')).toContain('</script><!-- <script>alert(2)</script>');
  });
});
