/** The parts of remark 0.14's browser API the runtime uses (the package ships no types). */
export interface RemarkSlideshow {
  loadFromString(source: string): void;
  getSlideCount(): number;
  /** The slide models, in a new array each call (the models themselves are shared). */
  getSlides(): unknown[];
  getCurrentSlideIndex(): number;
  gotoSlide(slideNoOrName: number | string): void;
  gotoNextSlide(): void;
  gotoPreviousSlide(): void;
  togglePresenterMode(): void;
  toggleBlackout(): void;
  on(event: 'showSlide' | 'afterShowSlide' | 'hideSlide' | 'slidesChanged', handler: (slide: unknown) => void): void;
}

export interface RemarkApi {
  create(options: Record<string, unknown>): RemarkSlideshow;
  /** Our highlighter (src/runtime/highlighter.ts), which remark's module is redirected to. */
  highlighter: typeof import('./highlighter.js');
  /** Markdown to HTML as remark renders a slide's content. */
  convert(markdown: string): string;
  macros: Record<string, (this: string | undefined, ...args: string[]) => string>;
  version: string;
}

declare global {
  interface Window {
    remark: RemarkApi;
    slideshow: RemarkSlideshow;
  }
}
