/**
 * The slides' views, rendered on demand (lazy-slide-view.ts), and what the rest of the runtime
 * and our tools do with them: render one slide or all, run DOM work on each slide as it is
 * rendered, and read the slides that failed to render. `window.deckSlides` is this API.
 *
 * The state lives on one global object: the dev server pre-bundles remark, and with it the
 * view that replaces remark's, apart from our own modules, so this module may run twice.
 */

import type { HighlightEngine } from './code-blocks.js';

/** A part of a slide that failed to render: the slide still shows, without that part. */
export interface RenderFailure {
  /** 0-based remark slide index (the slide number shown is `index + 1`). */
  index: number;
  /** What failed: `Markdown`, `code highlighting`, `macro \`scale\``, `copy buttons`... */
  stage: string;
  message: string;
  /** `file:line` of the slide's source, when the deck model knows it. */
  location?: string;
}

/** What remark's view objects are to the registry (see lazy-slide-view.ts). */
export interface RegisteredView {
  readonly index: number;
  readonly rendered: boolean;
  render(): void;
  /** Renders again from the slide's (updated) model, when it was rendered; else nothing. */
  refresh(): void;
  /** Runs a hook registered after this view was rendered. */
  runHook(stage: string, hook: RenderedHook): void;
}

export interface SlideViewSettings {
  /** Show an error box on a slide that failed (dev); otherwise a plain fallback (production). */
  showErrors: boolean;
  /** `file:line` of a slide by index, or undefined when unknown. */
  locate: (index: number) => string | undefined;
  /** The highlighter remark uses (`remark.highlighter.engine`: whichever module the build put there). */
  highlighter: HighlightEngine;
}

/** DOM work on a slide's container once its content is rendered (copy buttons...). */
export type RenderedHook = (container: HTMLElement, index: number) => void;

interface State {
  views: RegisteredView[];
  settings: SlideViewSettings;
  hooks: Array<{ stage: string; hook: RenderedHook }>;
  failures: Map<number, RenderFailure[]>;
  /** Errors of macros during remark's parse, referred to by the markers left in the slide. */
  macroFailures: Array<{ macro: string; message: string }>;
}

const key = Symbol.for('deck.slide-views');

function state(): State {
  const holder = globalThis as unknown as Record<symbol, State | undefined>;
  holder[key] ??= {
    views: [],
    settings: { showErrors: false, locate: () => undefined, highlighter: { highlightBlock: () => undefined } },
    hooks: [],
    failures: new Map(),
    macroFailures: [],
  };
  return holder[key];
}

export function configureSlideViews(settings: SlideViewSettings): void {
  state().settings = settings;
}

export function slideViewSettings(): SlideViewSettings {
  return state().settings;
}

/** remark builds one view per slide, in order, on start and on every `loadFromString`. */
export function registerView(view: RegisteredView): void {
  const s = state();
  if (view.index === 0) {
    s.views = [];
    s.failures.clear();
  }
  s.views[view.index] = view;
}

export function viewAt(index: number): RegisteredView | undefined {
  return state().views[index];
}

export function slideCount(): number {
  return state().views.length;
}

export function renderSlide(index: number): void {
  viewAt(index)?.render();
}

/** Renders every slide not yet rendered (printing, the PDF export, `check`); returns how many. */
export function renderAllSlides(): number {
  let count = 0;
  for (const view of state().views) {
    if (view.rendered) continue;
    view.render();
    count++;
  }
  return count;
}

export function renderedCount(): number {
  return state().views.filter((view) => view.rendered).length;
}

/** Runs `hook` on every slide rendered from now on, and on those already rendered. */
export function onSlideRendered(stage: string, hook: RenderedHook): void {
  const s = state();
  s.hooks.push({ stage, hook });
  for (const view of s.views) if (view.rendered) view.runHook(stage, hook);
}

export function renderedHooks(): ReadonlyArray<{ stage: string; hook: RenderedHook }> {
  return state().hooks;
}

/** Replaces the failures recorded for slide `index` (each render starts afresh). */
export function recordFailures(index: number, failures: Array<Omit<RenderFailure, 'index' | 'location'>>): RenderFailure[] {
  const s = state();
  const location = s.settings.locate(index);
  const recorded = failures.map((failure) => ({ index, ...failure, ...(location ? { location } : {}) }));
  if (recorded.length) s.failures.set(index, recorded);
  else s.failures.delete(index);
  return recorded;
}

/** Every failure of the slides rendered so far, in slide order. */
export function renderFailures(): RenderFailure[] {
  return [...state().failures.entries()].sort(([a], [b]) => a - b).flatMap(([, failures]) => failures);
}

/** The class of the empty element a failed macro leaves in its slide, to be found at render. */
export const macroFailureClass = 'deck-macro-failure';

/** What a macro that threw returns instead: an empty element naming the failure by number. */
export function macroFailureMarker(macro: string, error: unknown): string {
  const failures = state().macroFailures;
  failures.push({ macro, message: errorMessage(error) });
  return `<span class="${macroFailureClass}" data-failure="${failures.length - 1}"></span>`;
}

export function macroFailure(id: number): { macro: string; message: string } | undefined {
  return state().macroFailures[id];
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The page API (`window.deckSlides`) for tests, `check`, the PDF export and DevTools. */
export const deckSlidesApi = {
  render: renderSlide,
  renderAll: renderAllSlides,
  renderedCount,
  count: slideCount,
  onRender: (hook: RenderedHook) => onSlideRendered('hook', hook),
  failures: renderFailures,
};

declare global {
  interface Window {
    deckSlides: typeof deckSlidesApi;
  }
}
