declare module 'virtual:deck' {
  import type { PageDeck } from '../shared/page-deck.js';
  /**
   * The loaded deck (see src/node/vite-plugin-deck.ts): remark's source cut per slide (joined,
   * it is the whole source), the loader's model, and an id of this build.
   */
  const loaded: { slideSources: string[]; deck: PageDeck; buildId: string };
  export default loaded;
}
