/** Types for the remark 0.14 internals that the hot reload reuses (see incremental-update.ts). */
declare module 'remark-slide/src/remark/parser.js' {
  /** remark's Markdown-to-slides parser: raw slides with properties, content, notes, links. */
  export default class Parser {
    parse(source: string, macros: Record<string, unknown>): unknown[];
  }
}

declare module 'remark-slide/src/remark/models/slide.js' {
  /** remark's slide model; a `template` (the previous step) lends its content and notes. */
  export default class Slide {
    constructor(index: number, raw: unknown, template?: Slide);
    properties: Record<string, string>;
    links: Record<string, unknown>;
    content: unknown[];
    notes: unknown;
    expandVariables(): void;
  }
}

declare module 'remark-slide/src/remark/views/slideView.js' {
  import type { EventEmitter } from 'events';
  /** remark's view of one slide: builds its content and notes elements. */
  export default class SlideView {
    constructor(events: EventEmitter, slideshow: unknown, scaler: { dimensions: { width: number; height: number } }, slide: unknown);
    contentElement: HTMLElement;
    notesElement: HTMLElement;
  }
}
