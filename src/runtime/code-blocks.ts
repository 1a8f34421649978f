/**
 * What remark does to a slide's code after converting its Markdown (its `slideView.js`), done
 * here for our lazy view: the default language, `*` line highlights, one `div` per line,
 * `highlightSpans`, and highlighting, one block at a time, so that a block whose highlighting
 * throws stays readable as plain code and the other blocks are still highlighted.
 */

export interface CodeOptions {
  /** remark's `highlightLines`: a line starting with `*` is highlighted (the `*` is dropped). */
  lines: boolean;
  /** remark's `highlightSpans`: `` `text` `` inside a code block becomes a highlighted span. */
  spans: boolean;
  /** remark's `highlightInlineCode`. */
  inline: boolean;
  /** remark's `highlightLanguage`: the class of a block that names none. */
  language: string;
}

/** remark's highlighter contract (src/runtime/highlighter.ts). */
export interface HighlightEngine {
  highlightBlock(block: HTMLElement, tabReplace?: string): void;
}

/** Class names as remark's `utils.addClass` adds them: a string, so any name is accepted. */
function addClass(element: Element, name: string): void {
  const classes = element.className.split(' ').filter(Boolean);
  element.className = [...classes, name].join(' ');
}

/** Drops the `*` that marks a highlighted line; returns the highlighted lines' numbers. */
function takeLineMarks(block: HTMLElement): number[] {
  const marked: number[] = [];
  block.innerHTML = block.innerHTML
    .split(/\r?\n/)
    .map((line, i) => {
      if (!line.startsWith('*')) return line;
      marked.push(i);
      // `* x` keeps its indentation: the star and its space become two spaces.
      return line.replace(/^\*( )?/, '$1$1');
    })
    .join('\n');
  return marked;
}

/** One `div.remark-code-line` per line, the empty line after the last newline dropped. */
function wrapLines(block: HTMLElement): void {
  const lines = block.innerHTML.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  block.innerHTML = lines.map((line) => `<div class="remark-code-line">${line}</div>`).join('');
}

const backtickSpan = /([^`])`([^`]+?)`/g;

function highlightSpans(block: HTMLElement): void {
  for (const line of Array.from(block.children)) {
    line.innerHTML = line.innerHTML.replace(backtickSpan, (whole, before: string, text: string) =>
      // An escaped backtick (\`) stays a backtick, without its backslash.
      before === '\\' ? whole.slice(1) : `${before}<span class="remark-code-span-highlighted">${text}</span>`,
    );
  }
}

/**
 * Treats every `<code>` under `root` as remark does. A highlighting error is passed to
 * `failed` and the block stays as it was, plain text in lines.
 */
export function renderCodeBlocks(root: HTMLElement, options: CodeOptions, engine: HighlightEngine, failed: (error: unknown) => void): void {
  const highlight = (block: HTMLElement, tabReplace: string) => {
    const [html, classes] = [block.innerHTML, block.className];
    try {
      engine.highlightBlock(block, tabReplace);
    } catch (error) {
      block.innerHTML = html;
      block.className = classes;
      failed(error);
    }
  };
  for (const block of Array.from(root.getElementsByTagName('code'))) {
    if (block.className === '') block.className = options.language;
    if (block.parentElement?.tagName !== 'PRE') {
      addClass(block, 'remark-inline-code');
      if (options.inline) highlight(block, '');
      continue;
    }
    const marked = options.lines ? takeLineMarks(block) : [];
    if (block.className !== '') highlight(block, '  ');
    wrapLines(block);
    for (const i of marked) {
      const line = block.children[i];
      if (line) addClass(line, 'remark-code-line-highlighted');
    }
    if (options.spans) highlightSpans(block);
    addClass(block, 'remark-code');
  }
}
