declare module 'virtual:deck' {
  import type { Deck } from '../core/model.js';
  /** The loaded deck: remark's source and the loader's model (see src/node/vite-plugin-deck.ts). */
  const loaded: { source: string; deck: Deck; buildId: string };
  export default loaded;
}
