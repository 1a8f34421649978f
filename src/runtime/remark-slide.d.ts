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
  /** remark's highlighter module: ours (src/runtime/highlighter.ts), which the build puts in its place. */
  highlighter: { engine: { highlightBlock(block: HTMLElement, tabReplace?: string): void } };
  macros: Record<string, (this: string | undefined, ...args: string[]) => string>;
  version: string;
}

declare global {
  interface Window {
    remark: RemarkApi;
    slideshow: RemarkSlideshow;
  }
}
