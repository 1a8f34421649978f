/**
 * The browser runtime: remark with our highlighter, theme, macros, copy buttons, hot reload,
 * following the presenter live and the overview grid.
 */
import '@fontsource/source-sans-3/latin-400.css';
import '@fontsource/source-sans-3/latin-400-italic.css';
import '@fontsource/source-sans-3/latin-600.css';
import '@fontsource/source-sans-3/latin-700.css';
import '@fontsource/jetbrains-mono/latin-400.css';
import '@fontsource/jetbrains-mono/latin-700.css';
// The theme, in cascade order: base and slide text, code, callouts, title and contents slides,
// container.training's classes, print, then following and the overview.
import './styles/theme.css';
import './styles/code.css';
import './styles/callouts.css';
import './styles/title-and-contents.css';
import './styles/container-training.css';
import './styles/print.css';
import './styles/follow-and-overview.css';
import './styles/screens.css';
import './styles/reading-view.css';
import './styles/render-failures.css';
// Before remark and the deck: fonts load while the deck is parsed.
import { fontsLoaded } from './fonts.js';
// Side-effect entry: polyfills, remark's base styles, and `window.remark`.
import 'remark-slide/src/remark.js';
import './deck-languages.js';
import loaded from 'virtual:deck';
import type { PageDeck } from '../shared/page-deck.js';
import { slideSize } from '../core/slide-size.js';
import { installCopyHandler } from './copy-code.js';
import { findSlide } from '../core/slide-identity.js';
import { patchChangedSlides } from './incremental-update.js';
import { startFollowing, takePresenterToken, takeSecret } from './follow.js';
import { followServiceAvailable } from './follow-stream.js';
import { guardMacros, registerMacros } from './macros.js';
import { installOverview } from './overview.js';
import { screenRole, type ScreenRole } from './screen.js';
import { setUpScreen } from './screen-setup.js';
import { configureSlideViews, deckSlidesApi, macroFailureMarker, renderAllSlides, renderSlide } from './slide-views.js';

declare global {
  interface Window {
    /** The loader's model of the deck on screen: slides with file and line, chapters, exercises. */
    deck: PageDeck;
  }
}

function setPrintPageSize(ratio: string): void {
  // remark hard-codes a 908x681 page whatever the ratio; print each slide on a page its own size.
  const { width, height } = slideSize(ratio);
  let style = document.getElementById('deck-page-size');
  if (!style) {
    style = document.createElement('style');
    style.id = 'deck-page-size';
    document.head.append(style);
  }
  style.textContent =
    `@page { size: ${width}px ${height}px; margin: 0; }\n` +
    `:root { --slide-width: ${width}px; --slide-height: ${height}px; }`;
}

registerMacros(window.remark);
guardMacros(window.remark, macroFailureMarker);
setPrintPageSize(loaded.deck.ratio);
document.title = loaded.deck.title;
window.deck = loaded.deck;
// Before remark reads the hash: `#presenter=<secret>` is not a slide, and must leave the address bar.
const presenterToken = takePresenterToken();
// `#helper=<secret>`: the helpers' queue instead of the deck (src/runtime/room/helper-page.ts).
const helperToken = presenterToken ? undefined : takeSecret('helper');
const role = screenRole(presenterToken);
// Slides render when first needed (lazy-slide-view.ts): a part that fails shows the presenter a
// box naming the slide's file and line on the dev server (the page with hot reload; not
// `import.meta.env.DEV`, which follows NODE_ENV), and is left out quietly for attendees and in a build.
configureSlideViews({
  showErrors: import.meta.hot !== undefined && role === 'presenter',
  locate: (index) => {
    const source = window.deck.slides[index]?.source;
    return source && `${source.file}:${source.line}`;
  },
  highlighter: window.remark.highlighter.engine,
});
window.deckSlides = deckSlidesApi;
// Printing (Ctrl+P, DeckTape) prints every slide: render those not rendered yet.
window.addEventListener('beforeprint', () => renderAllSlides());
/** The source on screen, per slide: what a hot update is compared with. */
let slideSources = loaded.slideSources;
/** The ids of the slides on screen (slide-identity.ts): following and hot updates find slides by them. */
const idsOf = (deck: PageDeck) => deck.slides.map((slide) => slide.id);
let slideIds = idsOf(loaded.deck);
// remark lays out its page with `body.innerHTML +=`, which re-creates elements from their tags:
// Vite's error overlay, shown to the presenter before the deck started, would come back empty (and
// throwing). It steps out of the body while remark starts.
const overlays = [...document.querySelectorAll('body > vite-error-overlay')];
overlays.forEach((overlay) => overlay.remove());
window.slideshow = window.remark.create({
  source: slideSources.join(''),
  ratio: loaded.deck.ratio,
  highlightStyle: null,
  highlightLines: true,
  // container.training's page does: `redis` inside a code block is a highlighted span, not backticks to copy.
  highlightSpans: loaded.deck.style === 'container.training',
  // Touch is touch.ts's: remark's takes every tap, on links and buttons too.
  navigation: { scroll: false, touch: false, click: false },
});
document.body.append(...overlays);
installCopyHandler();
/** The room (check-ins, countdowns, polls, the helpers' queue), loaded only where the follow server runs. */
const room = (screen: ScreenRole | 'helper') =>
  loaded.deck.exercises.length + loaded.deck.polls.length > 0 || screen === 'helper'
    ? import('./room/room-entry.js').then(({ startRoom }) => startRoom({ screen, slideshow: window.slideshow, deck: () => window.deck, token: presenterToken ?? helperToken }))
    : undefined;
const follow = helperToken ? undefined : startFollowing({ slideshow: window.slideshow, buildId: loaded.buildId, token: presenterToken, slideIds: () => slideIds, room });
if (helperToken || role === 'projector') void followServiceAvailable().then((served) => void (served && room(helperToken ? 'helper' : role)));
const overview = installOverview(window.slideshow, () => window.deck);
setUpScreen({ role, slideshow: window.slideshow, deck: () => window.deck, overview, follow, token: presenterToken });
// A clicked link (a contents entry) keeps the keyboard focus after its slide is left, and the
// slide lingers while it fades: the presenter's next Enter would follow that link again.
window.slideshow.on('hideSlide', () => {
  const focused = document.activeElement;
  if (focused instanceof HTMLElement && focused.closest('.remark-slides-area')) focused.blur();
});

if (import.meta.hot) {
  import.meta.hot.on('deck:update', (update: typeof loaded) => {
    // Only the slides that changed are re-rendered when the deck keeps its shape; otherwise
    // loadFromString re-renders everything in place. Either way: no reload, no lost place.
    // Marks for DevTools and bench/authoring-hot-reload.ts: when a save arrived, how it rendered.
    const received = performance.mark('deck:update-received');
    const index = window.slideshow.getCurrentSlideIndex();
    const shownId = slideIds[index];
    window.deck = update.deck;
    slideIds = idsOf(update.deck);
    setPrintPageSize(update.deck.ratio);
    guardMacros(window.remark, macroFailureMarker);
    const patched = patchChangedSlides(window.slideshow, window.remark.macros, slideSources, update.slideSources);
    if (!patched) window.slideshow.loadFromString(update.slideSources.join(''));
    slideSources = update.slideSources;
    performance.measure(patched ? 'deck:update-patched' : 'deck:update-full-render', received.name);
    follow?.setBuildId(update.buildId);
    // The same slide content, not the same number: a slide inserted above moves it down. Keeping
    // one's place is not navigating away from the live slide.
    const place = findSlide(slideIds, shownId, index);
    const keepPlace = () => window.slideshow.gotoSlide(place + 1);
    if (window.slideshow.getCurrentSlideIndex() !== place) (follow ? follow.quietly(keepPlace) : keepPlace());
    // Attendees following go to the live slide by its id; the presenter posts where it stands.
    follow?.deckChanged();
    document.querySelectorAll('vite-error-overlay').forEach((overlay) => overlay.remove());
    window.dispatchEvent(new Event('deck:updated'));
  });
}

// Tells tests and tools the deck is ready to use: the current slide is rendered and every font
// face is in, including faces the first slide does not use (browsers load those lazily). Other
// slides render on demand: `window.deckSlides.renderAll()` renders them all (check, PDF export).
fontsLoaded.then(() => {
  renderSlide(window.slideshow.getCurrentSlideIndex());
  document.documentElement.dataset.deckReady = 'true';
});
