/**
 * Stands in for remark's `views/slideView.js` (src/node/remark-redirects.ts redirects it here).
 * remark builds a view per slide at start, and its view converts the Markdown, highlights the
 * code and numbers the slide right away: seconds for a deck of thousands of slides. This view
 * has the same contract (containerElement, scalingElement, element, contentElement,
 * notesElement, show, hide, scale, scaleBackgroundImage, updateDimensions) but starts as an
 * empty container and renders on first real need: shown, read by remark (the presenter's
 * notes and next-slide preview read the next slide), or asked for (slide-views.ts).
 *
 * A render never throws: a part that fails (Markdown, a block's highlighting, a macro, DOM work
 * after render) is recorded with the slide's file:line, and the slide shows what did render;
 * see render-failure.ts for what the audience and the author see.
 */
import converter from 'remark-slide/src/remark/converter.js';
import { renderCodeBlocks } from './code-blocks.js';
import { failureNotice, plainText, type Failure } from './render-failure.js';
import {
  errorMessage,
  macroFailure,
  macroFailureClass,
  recordFailures,
  registerView,
  renderedHooks,
  slideViewSettings,
  viewAt,
  type RegisteredView,
  type RenderedHook,
} from './slide-views.js';

interface SlideModel {
  properties: Record<string, string | undefined>;
  content: unknown[];
  notes: unknown;
  getSlideIndex(): number;
}

interface SlideshowModel {
  getSlides(): SlideModel[];
  getLinks(): Record<string, unknown>;
  getHighlightStyle(): string | null | undefined;
  getHighlightLines(): boolean;
  getHighlightSpans(): boolean;
  getHighlightInlineCode(): boolean;
  getHighlightLanguage(): string;
  getSlideNumberFormat(): string | ((this: SlideshowModel, current: number, total: number) => string);
}

/** What remark's scaler gives a view: the slide's size and a way to fit it in a box. */
interface Scaler {
  dimensions: { width: number; height: number };
  scaleToFit(element: HTMLElement, container: { clientWidth: number; clientHeight: number }): void;
}

interface Parts {
  scaling: HTMLElement;
  slide: HTMLElement;
  content: HTMLElement;
  notes: HTMLElement;
}

const div = (className: string) => Object.assign(document.createElement('div'), { className });

/** `1 / 40` as remark numbers it: slides with `count: false` are not counted. */
function slideNumber(slideshow: SlideshowModel, index: number): string {
  const slides = slideshow.getSlides();
  let current = 0;
  let total = 0;
  slides.forEach((slide, i) => {
    if (slide.properties.count === 'false') return;
    total++;
    if (i <= index) current++;
  });
  [current, total] = [Math.max(1, current), Math.max(1, total)];
  const format = slideshow.getSlideNumberFormat();
  if (typeof format === 'function') return format.call(slideshow, current, total);
  return format.replace('%current%', String(current)).replace('%total%', String(total));
}

/** The content element's classes, id and background, from the slide's properties. */
function styleContent(content: HTMLElement, slide: SlideModel, slideshow: SlideshowModel): void {
  const { properties } = slide;
  const classes = ['remark-slide-content', ...(properties.class ?? '').split(/,| /).filter(Boolean)];
  const style = properties['highlight-style'] || slideshow.getHighlightStyle();
  if (style) classes.push(`hljs-${style}`);
  content.className = classes.join(' ');
  if (properties.name) content.id = `slide-${properties.name}`;
  const background: Array<[string, string | undefined]> = [
    ['background-image', properties['background-image']],
    ['background-color', properties['background-color']],
    ['background-size', properties['background-size']],
    ['background-position', properties['background-position']],
  ];
  for (const [name, value] of background) if (value) content.style.setProperty(name, value);
}

export default class LazySlideView implements RegisteredView {
  readonly containerElement: HTMLElement;
  readonly index: number;
  private parts?: Parts;
  private failures: Failure[] = [];
  /** The box remark last asked to fit the slide in, applied when the slide is shown. */
  private fitIn?: { clientWidth: number; clientHeight: number };
  private fadeTimer?: ReturnType<typeof setTimeout>;

  constructor(
    _events: unknown,
    private readonly slideshow: SlideshowModel,
    private readonly scaler: Scaler,
    private readonly slide: SlideModel,
  ) {
    this.index = slide.getSlideIndex();
    this.containerElement = div('remark-slide-container');
    registerView(this);
  }

  get rendered(): boolean {
    return this.parts !== undefined;
  }

  get scalingElement(): HTMLElement {
    return this.renderedParts().scaling;
  }

  get element(): HTMLElement {
    return this.renderedParts().slide;
  }

  get contentElement(): HTMLElement {
    return this.renderedParts().content;
  }

  get notesElement(): HTMLElement {
    return this.renderedParts().notes;
  }

  render(): void {
    this.renderedParts();
  }

  refresh(): void {
    if (!this.parts) return;
    this.parts.scaling.remove();
    this.parts.notes.remove();
    this.parts = undefined;
    this.render();
    if (this.containerElement.classList.contains('remark-visible')) this.applyScale();
  }

  runHook(stage: string, hook: RenderedHook): void {
    this.runHooks([{ stage, hook }]);
    this.recordFailures();
  }

  updateDimensions(): void {
    if (!this.parts) return;
    const { width, height } = this.scaler.dimensions;
    this.parts.scaling.style.width = `${width}px`;
    this.parts.scaling.style.height = `${height}px`;
  }

  /** remark rescales every view on each resize: only the one on screen is measured now. */
  scale(container: { clientWidth: number; clientHeight: number }): void {
    this.fitIn = container;
    if (this.parts && this.containerElement.classList.contains('remark-visible')) this.applyScale();
  }

  show(): void {
    this.render();
    // remark copies the next slide into the presenter's preview right after showing this one.
    viewAt(this.index + 1)?.render();
    this.applyScale();
    this.containerElement.classList.add('remark-visible');
    this.containerElement.classList.remove('remark-fading');
    this.prefetchNeighbours();
  }

  hide(): void {
    this.containerElement.classList.remove('remark-visible');
    // The slide left stays on screen below the next one for a second, as remark does.
    this.containerElement.classList.add('remark-fading');
    clearTimeout(this.fadeTimer);
    this.fadeTimer = setTimeout(() => this.containerElement.classList.remove('remark-fading'), 1000);
  }

  /**
   * remark's version fits a background image larger than the slide into it unless the author
   * sized or placed it, and it judges that from the computed style, whose size and position
   * are never empty: it returns early in every browser, after forcing a style recalculation of
   * every slide on each resize. Backgrounds stay as the theme and the author set them, here too.
   */
  scaleBackgroundImage(): void {}

  private applyScale(): void {
    if (this.parts && this.fitIn) this.scaler.scaleToFit(this.parts.scaling, this.fitIn);
  }

  /** The next slides are likely next: render them while the presenter talks. */
  private prefetchNeighbours(): void {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 50));
    idle(() => {
      for (const index of [this.index + 2, this.index - 1]) viewAt(index)?.render();
    });
  }

  private renderedParts(): Parts {
    if (this.parts) return this.parts;
    this.failures = [];
    const scaling = div('remark-slide-scaler');
    const slide = div('remark-slide');
    const content = div('remark-slide-content');
    const notes = div('remark-slide-notes');
    slide.append(content);
    scaling.append(slide);
    this.parts = { scaling, slide, content, notes };
    this.updateDimensions();
    try {
      this.fillContent(content);
      this.fillNotes(notes);
    } catch (error) {
      this.failures.push({ stage: 'rendering', message: errorMessage(error) });
      content.replaceChildren(plainText(this.slide.content));
    }
    this.containerElement.append(scaling, notes);
    this.runHooks(renderedHooks());
    this.recordFailures();
    return this.parts;
  }

  private fillContent(content: HTMLElement): void {
    styleContent(content, this.slide, this.slideshow);
    try {
      content.innerHTML = converter.convertMarkdown(this.slide.content, this.slideshow.getLinks());
    } catch (error) {
      this.failures.push({ stage: 'Markdown', message: errorMessage(error) });
      content.replaceChildren(plainText(this.slide.content));
    }
    this.renderCode(content);
    for (const marker of Array.from(content.getElementsByClassName(macroFailureClass))) {
      const failure = macroFailure(Number((marker as HTMLElement).dataset.failure));
      this.failures.push({ stage: `macro \`${failure?.macro ?? '?'}\``, message: failure?.message ?? 'failed' });
    }
    const number = div('remark-slide-number');
    number.innerHTML = slideNumber(this.slideshow, this.index);
    content.append(number);
  }

  private fillNotes(notes: HTMLElement): void {
    try {
      notes.innerHTML = converter.convertMarkdown(this.slide.notes);
    } catch (error) {
      this.failures.push({ stage: 'notes', message: errorMessage(error) });
      notes.textContent = String(this.slide.notes ?? '');
    }
    this.renderCode(notes);
  }

  private renderCode(root: HTMLElement): void {
    const options = {
      lines: this.slideshow.getHighlightLines(),
      spans: this.slideshow.getHighlightSpans(),
      inline: this.slideshow.getHighlightInlineCode(),
      language: this.slideshow.getHighlightLanguage(),
    };
    renderCodeBlocks(root, options, slideViewSettings().highlighter, (error) => this.failures.push({ stage: 'code highlighting', message: errorMessage(error) }));
  }

  private runHooks(hooks: ReadonlyArray<{ stage: string; hook: RenderedHook }>): void {
    for (const { stage, hook } of hooks) {
      try {
        hook(this.containerElement, this.index);
      } catch (error) {
        this.failures.push({ stage, message: errorMessage(error) });
      }
    }
  }

  /** Records this render's failures, and shows them (dev) on the slide. */
  private recordFailures(): void {
    const recorded = recordFailures(this.index, this.failures);
    const content = this.parts?.content;
    if (!content) return;
    content.querySelector(':scope > .deck-render-error')?.remove();
    if (recorded.length === 0) return;
    for (const failure of recorded) console.warn(`deck: slide ${this.index + 1}${failure.location ? ` (${failure.location})` : ''}: ${failure.stage} failed: ${failure.message}`);
    if (slideViewSettings().showErrors) content.prepend(failureNotice(this.index, recorded));
  }
}
