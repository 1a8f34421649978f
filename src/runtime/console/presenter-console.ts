/**
 * The presenter console (`P` on the presenter's page), in place of remark's presenter view:
 * the current slide (remark's own, unobstructed) and the next one, the speaker notes at a
 * legible size, the time of day, the talk clock the server keeps (it survives reloads, restarts
 * and a second device), pacing against the minutes the manifest plans per chapter, the room's
 * status, and a region other modules fill (console-panels.ts: the room's check-ins, say).
 * Loaded when first opened (console-loader.ts): never part of an attendee's first load.
 *
 * The keys stay remark's and ours (arrows, `B`, `C`, `O`...): the console takes none but `P`
 * (close) and `T` (pause or resume the clock). Open, it is remembered in this tab: a reload
 * reopens it.
 */
import '../styles/presenter-console.css';
import '../styles/presenter-console-side.css';
import type { PageDeck } from '../../shared/page-deck.js';
import { slideSize } from '../../core/slide-size.js';
import { clockElapsed, clockStarted, type ClockAction } from '../../shared/talk-clock.js';
import { consolePanels, onConsolePanelsChange } from '../console-panels.js';
import type { FollowClient, FollowView } from '../follow.js';
import type { RemarkSlideshow } from '../remark-slide.js';
import { localClock, serverClock, type ConsoleClock } from './console-clock.js';
import { buildConsole, note, paceLine, type ConsoleElements } from './console-layout.js';
import { fitSlideCopy, placeCurrentSlide, showNotes, showSlideCopy } from './console-slides.js';
import { formatDuration, formatMinutes, pacing } from './pacing.js';

export interface ConsoleContext {
  slideshow: RemarkSlideshow;
  deck: () => PageDeck;
  /** The follow client, when the follow server serves the deck (then it keeps the clock). */
  follow?: FollowClient;
  /** The presenter's secret, for the clock's requests. */
  token?: string;
}

const openKey = 'deck-console-open';
const notesSizeKey = 'deck-console-notes-px';
const notesSizes = { min: 20, max: 40, step: 2, default: 24 };

interface Console {
  elements: ConsoleElements;
  clock: ConsoleClock;
  open: boolean;
  /** Everything again: the slides, the notes, the clocks, the status. */
  render(): void;
  /** Every second: the clocks and pacing. */
  tick(): void;
  placement?: { stop(): void };
  ticker?: ReturnType<typeof setInterval>;
}

let instance: Console | undefined;

function remember(key: string, value: string | undefined, storage: () => Storage): void {
  try {
    if (value === undefined) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // storage disabled: the choice lasts as long as the page
  }
}

function recall(key: string, storage: () => Storage): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

const time = (date: Date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function setText(target: HTMLElement, text: string): void {
  if (target.textContent !== text) target.textContent = text;
}

function create(context: ConsoleContext): Console {
  const elements = buildConsole();
  const clock = context.follow && context.token ? serverClock(context.follow, context.token) : localClock();
  const made: Console = { elements, clock, open: false, render: () => {}, tick: () => {} };
  let lastView: FollowView | undefined;
  const { slideshow } = context;
  const deck = () => context.deck();
  const current = () => slideshow.getCurrentSlideIndex();
  /** Chapters whose arrival was asked to be recorded (the answer comes with the next message). */
  const asked = new Set<string>();
  const startedOn = current();
  let resetArmed: ReturnType<typeof setTimeout> | undefined;

  const elapsedNow = () => {
    const reading = clock.read();
    return reading ? clockElapsed(reading.clock, Date.now() + reading.offsetMs) : 0;
  };

  function renderClock(): void {
    const reading = clock.read();
    const started = !!reading && clockStarted(reading.clock);
    const running = reading?.clock.runningSince != null;
    setText(elements.wallClock, time(new Date()));
    setText(elements.elapsed, formatDuration(elapsedNow()));
    setText(elements.clockState, !started ? 'Elapsed · starts with your first move' : running ? 'Elapsed' : 'Elapsed · paused');
    setText(elements.startPause, running ? 'Pause' : started ? 'Resume' : 'Start');
    elements.root.dataset.clock = running ? 'running' : started ? 'paused' : 'stopped';
    renderPacing();
  }

  /** The slide on screen: remark tells its listeners before it updates its own index. */
  let shown = current();

  function renderPacing(): void {
    const slides = deck().slides;
    const index = shown;
    const chapterIndex = slides[index]?.chapter;
    const chapter = chapterIndex === undefined ? undefined : deck().chapters[chapterIndex];
    const reading = clock.read();
    const chapterKey = chapter && slides[chapter.firstSlide]?.id;
    const reached = chapterKey === undefined ? undefined : reading?.clock.chapters[chapterKey];
    const plan = pacing({ chapters: deck().chapters, slide: index, elapsedMs: elapsedNow(), chapterReachedMs: reached });
    const lines: HTMLElement[] = [];
    if (!plan) {
      lines.push(note('No plan to pace against: give the chapters in the manifest their minutes (see the README).'));
    } else if (!reading || !clockStarted(reading.clock)) {
      lines.push(note(`Planned: ${formatMinutes(plan.totalMs)}. Pacing starts with the clock.`));
    } else {
      if (plan.chapter) {
        const used = plan.chapter.usedMs === undefined ? `planned ${formatMinutes(plan.chapter.plannedMs)}` : `${formatMinutes(plan.chapter.usedMs)} of ${formatMinutes(plan.chapter.plannedMs)}`;
        lines.push(paceLine('This chapter', plan.chapter.pace, used));
      }
      const end = new Date(Date.now() + plan.totalMs - plan.plannedMs);
      lines.push(paceLine('The day', plan.pace, `${formatMinutes(elapsedNow())} of ${formatMinutes(plan.totalMs)} · planned end ${time(end)}`));
    }
    const text = lines.map((line) => line.textContent).join('|');
    if (elements.pacing.dataset.shown !== text) {
      elements.pacing.dataset.shown = text;
      elements.pacing.replaceChildren(...lines);
    }
    // Record when this chapter was first reached: it paces the chapter from there.
    if (reading && clockStarted(reading.clock) && chapterKey && reached === undefined && !asked.has(chapterKey)) {
      asked.add(chapterKey);
      clock.request({ action: 'chapter', id: chapterKey });
    }
  }

  function renderSlides(): void {
    const index = shown;
    const model = deck();
    const slide = model.slides[index];
    const chapter = slide?.chapter === undefined ? undefined : model.chapters[slide.chapter];
    setText(elements.chapter, chapter ? `Chapter ${chapter.number} · ${chapter.title}` : model.title);
    setText(elements.slideNumber, `Slide ${index + 1} of ${model.slides.length}`);
    const { width, height } = slideSize(model.ratio);
    elements.current.style.setProperty('--console-ratio-width', String(width));
    elements.current.style.setProperty('--console-ratio-height', String(height));
    showSlideCopy(elements.next, index + 1, model.ratio);
    const hasNotes = showNotes(elements.notes, index);
    elements.notes.closest('section')?.toggleAttribute('data-empty', !hasNotes);
    elements.notes.scrollTop = 0;
    renderPacing();
  }

  function renderStatus(view: FollowView): void {
    const text =
      view.connection === 'refused'
        ? 'Presenter secret refused: open the Presenter address npm start printed'
        : view.connection === 'reconnecting'
          ? 'Reconnecting…'
          : view.connection === 'connecting'
            ? 'Connecting…'
            : `Live · ${view.attendees} ${view.attendees === 1 ? 'attendee' : 'attendees'}`;
    setText(elements.status, text);
    elements.status.dataset.state = view.connection;
  }

  function renderPanels(): void {
    const panels = [...consolePanels()];
    elements.room.replaceChildren(
      ...panels.map(([name, panel]) => {
        const wrapper = document.createElement('div');
        wrapper.className = 'console-panel';
        wrapper.dataset.panel = name;
        wrapper.append(panel);
        return wrapper;
      }),
    );
    elements.room.hidden = panels.length === 0;
  }

  const ask = (action: ClockAction) => clock.request(action);
  elements.startPause.addEventListener('click', () => ask(elements.root.dataset.clock === 'running' ? { action: 'pause' } : { action: 'start' }));
  elements.reset.addEventListener('click', () => {
    // Two steps: a day's clock is not lost to a stray click.
    if (resetArmed === undefined) {
      elements.reset.textContent = 'Reset? Click again';
      resetArmed = setTimeout(() => {
        resetArmed = undefined;
        elements.reset.textContent = 'Reset';
      }, 4000);
      return;
    }
    clearTimeout(resetArmed);
    resetArmed = undefined;
    elements.reset.textContent = 'Reset';
    asked.clear();
    ask({ action: 'reset' });
  });
  const notesSize = (by: number) => {
    const now = Number(recall(notesSizeKey, () => localStorage)) || notesSizes.default;
    const size = Math.min(notesSizes.max, Math.max(notesSizes.min, now + by));
    elements.root.style.setProperty('--console-notes-size', `${size}px`);
    if (by !== 0) remember(notesSizeKey, String(size), () => localStorage);
  };
  notesSize(0);
  elements.smaller.addEventListener('click', () => notesSize(-notesSizes.step));
  elements.larger.addEventListener('click', () => notesSize(notesSizes.step));
  // A button clicked with the mouse gives the keyboard back to the slides (Space: next slide).
  elements.root.addEventListener('click', (event) => {
    if (event.detail > 0 && event.target instanceof HTMLButtonElement) event.target.blur();
  });
  // Enter or Space on a focused button is the button's, not remark's "next slide".
  elements.root.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLButtonElement) event.stopPropagation();
  });

  slideshow.on('afterShowSlide', (slide) => {
    shown = (slide as { getSlideIndex(): number }).getSlideIndex();
    if (!made.open) return;
    // A static host's clock starts with the first move, as the server's does.
    if (!clock.shared && shown !== startedOn && !clockStarted(clock.read()!.clock)) ask({ action: 'start' });
    renderSlides();
  });
  window.addEventListener('deck:updated', () => {
    shown = current();
    if (made.open) renderSlides();
  });
  window.addEventListener('resize', () => made.open && fitSlideCopy(elements.next, deck().ratio));
  new MutationObserver(() => (elements.blackout.hidden = !document.body.classList.contains('remark-blackout-mode'))).observe(document.body, {
    attributes: true,
    attributeFilter: ['class'],
  });
  clock.onChange(() => made.open && renderClock());
  context.follow?.watch((view) => {
    lastView = view;
    if (made.open) renderStatus(view);
  });
  if (!context.follow) setText(elements.status, 'This browser keeps the clock (no follow server)');
  onConsolePanelsChange(renderPanels);
  renderPanels();
  made.tick = renderClock;
  made.render = () => {
    shown = current();
    renderSlides();
    renderClock();
    if (lastView) renderStatus(lastView);
    elements.blackout.hidden = !document.body.classList.contains('remark-blackout-mode');
  };
  elements.root.hidden = true;
  document.body.append(elements.root);
  return made;
}

function show(made: Console, open: boolean): void {
  made.open = open;
  made.elements.root.hidden = !open;
  remember(openKey, open ? 'true' : undefined, () => sessionStorage);
  if (open) {
    document.documentElement.dataset.console = 'open';
    made.placement = placeCurrentSlide(made.elements.current);
    made.ticker = setInterval(made.tick, 1000);
    made.render();
  } else {
    delete document.documentElement.dataset.console;
    made.placement?.stop();
    clearInterval(made.ticker);
  }
}

/** Opens or closes the console (`P`). */
export function toggleConsole(context: ConsoleContext): void {
  instance ??= create(context);
  show(instance, !instance.open);
}

/** Whether the console was open in this tab before a reload. */
export function wasOpen(): boolean {
  return recall(openKey, () => sessionStorage) === 'true';
}

/** `T`: pauses the talk clock, or starts or resumes it. */
export function pauseOrResume(context: ConsoleContext): void {
  instance ??= create(context);
  instance.elements.startPause.click();
}
