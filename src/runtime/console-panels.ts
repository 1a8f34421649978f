/**
 * What other modules show in the presenter console's room region (`<section class="console-room"
 * aria-label="Room">`, beside the pacing): the room's check-ins, help queue and countdowns, say.
 * A module mounts its element under a name of its own, whether or not the console is loaded or
 * open yet: the console (src/runtime/console/) places every mounted panel, in mounting order, and
 * shows the region only while one is mounted. Mounting a name again replaces its element.
 *
 *     const unmount = mountConsolePanel('check-ins', element);
 *
 * Kept apart from the console itself, so that importing it loads nothing more.
 */

type Listener = () => void;

const panels = new Map<string, HTMLElement>();
const listeners = new Set<Listener>();

const changed = () => listeners.forEach((listener) => listener());

/** Shows `element` in the console's room region under `name`; returns a function that takes it out. */
export function mountConsolePanel(name: string, element: HTMLElement): () => void {
  panels.set(name, element);
  changed();
  return () => {
    if (panels.get(name) !== element) return;
    panels.delete(name);
    changed();
  };
}

/** The panels mounted now, by name, in mounting order. */
export function consolePanels(): ReadonlyMap<string, HTMLElement> {
  return panels;
}

/** Calls `listener` whenever a panel is mounted or taken out (the console re-places them). */
export function onConsolePanelsChange(listener: Listener): void {
  listeners.add(listener);
}
