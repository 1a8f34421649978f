/**
 * The keys each screen takes on top of remark's (capture phase on window: before remark sees
 * them, as the overview does).
 *
 * - Everyone: `?` or `H` lists this screen's keys (help.ts, loaded when first asked for) in
 *   place of remark's presenter help; `D` switches light and dark.
 * - Attendees: `R` switches the reading view; remark's presenter keys do nothing (`P` would show
 *   the speaker notes, `B` blank their own page, `C` open a projector window, `T` and `M` the
 *   presenter view's timer and mirroring). On a plain static host there is no presenter to tell
 *   apart: whoever opened the deck may be presenting it, and keeps those keys.
 * - The presenter (and whoever opened the deck on a static host): `P` opens the presenter
 *   console (console-loader.ts) instead of remark's presenter view, `T` pauses or resumes its
 *   talk clock; remark's other keys as they are.
 * - The projector keeps remark's keys but `P` and `T`: the room's screen shows no notes.
 */
import type { ColorThemeControl } from './color-theme.js';
import type { ConsoleKeys } from './console-loader.js';
import type { ReadingView } from './reading-view.js';
import { isTypingOrShortcut, overlayOpen, type ScreenRole } from './screen.js';

/** Whose keys the help lists: `standalone` is an attendee page with no follow server. */
export type HelpAudience = ScreenRole | 'standalone';

const presenterOnly = new Set(['p', 'b', 'c', 't', 'm']);

export interface ScreenKeysOptions {
  role: ScreenRole;
  /** Resolves once the page knows whether a follow server serves it. */
  followServed: Promise<boolean>;
  theme: ColorThemeControl;
  readingView?: ReadingView;
  /** The presenter console, for the presenter's page and a static host's. */
  presenterConsole?: ConsoleKeys;
}

export interface ScreenKeys {
  /** Opens (or closes) the key list; focus returns to `returnTo` when it closes. */
  help(returnTo?: HTMLElement): void;
}

export function installScreenKeys({ role, followServed, theme, readingView, presenterConsole }: ScreenKeysOptions): ScreenKeys {
  // Until the server answers, an attendee is one: the notes stay hidden.
  let standalone = false;
  void followServed.then((served) => (standalone = role === 'attendee' && !served));
  const audience = (): HelpAudience => (standalone ? 'standalone' : role);
  const help = (returnTo?: HTMLElement) => void import('./help.js').then(({ toggleHelp }) => toggleHelp(audience(), returnTo));

  window.addEventListener(
    'keydown',
    (event) => {
      if (isTypingOrShortcut(event) || overlayOpen()) return;
      const key = event.key.toLowerCase();
      if (key === '?' || key === 'h') help();
      else if (key === 'd') theme.toggle();
      else if (key === 'r' && readingView) readingView.toggle();
      else if ((key === 'p' || key === 't') && presenterConsole && (role === 'presenter' || standalone)) {
        if (key === 'p') presenterConsole.toggle();
        else presenterConsole.pauseOrResume();
      } else if (role === 'projector' && (key === 'p' || key === 't')) {
        // refused: the room's screen shows no notes
      } else if (!(role === 'attendee' && !standalone && presenterOnly.has(key))) return;
      // Handled (or refused): neither remark's keydown nor its keypress (which a cancelled keydown never fires) acts on it.
      event.preventDefault();
      event.stopPropagation();
    },
    true,
  );
  return { help };
}
