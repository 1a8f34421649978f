/**
 * The presenter console's key (`P`) and its loading: the console (src/runtime/console/) is
 * loaded the first time it is opened, and again at start when it was open before a reload. It
 * is never part of an attendee's first load.
 */
import type { ConsoleContext } from './console/presenter-console.js';

export interface ConsoleKeys {
  /** `P`: opens or closes the console. */
  toggle(): void;
  /** `T`: pauses the talk clock, or starts or resumes it. */
  pauseOrResume(): void;
  /** Reopens the console if it was open in this tab before a reload. */
  reopen(): void;
}

export function consoleLoader(context: ConsoleContext): ConsoleKeys {
  let loading: Promise<typeof import('./console/presenter-console.js')> | undefined;
  const load = () => (loading ??= import('./console/presenter-console.js'));
  return {
    toggle: () => void load().then((console) => console.toggleConsole(context)),
    pauseOrResume: () => void load().then((console) => console.pauseOrResume(context)),
    reopen() {
      try {
        if (sessionStorage.getItem('deck-console-open') !== 'true') return;
      } catch {
        return;
      }
      void load().then((console) => console.wasOpen() && console.toggleConsole(context));
    },
  };
}
