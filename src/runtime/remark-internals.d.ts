/** Types for the remark 0.14 internals that the hot reload and our slide view reuse. */
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

declare module 'remark-slide/src/remark/converter.js' {
  /** remark's Markdown converter (marked 0.3.1, with its `.class[...]` content as HTML). */
  const converter: {
    convertMarkdown(content: unknown, links?: Record<string, unknown>, inline?: boolean): string;
  };
  export default converter;
}
