/**
 * Light or dark slides (`html[data-theme]`, the colours in styles/theme.css), remembered per
 * device in localStorage.
 *
 * - Attendees follow their system (`prefers-color-scheme`) until they choose (`D`, the menu);
 *   choosing what the system says again goes back to following it.
 * - The room's screens (presenter and projector windows) are light until `D` darkens them.
 *   They share one setting, so `D` in either window switches both: the browser tells the other
 *   window through the `storage` event.
 */
import type { ScreenRole } from './screen.js';

export type ColorTheme = 'light' | 'dark';

export interface ColorThemeControl {
  current(): ColorTheme;
  toggle(): void;
}

function read(key: string): ColorTheme | undefined {
  try {
    const value = localStorage.getItem(key);
    return value === 'dark' || value === 'light' ? value : undefined;
  } catch {
    return undefined; // storage disabled: nothing remembered
  }
}

function write(key: string, value: ColorTheme | undefined): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // storage disabled: the choice lasts as long as the page
  }
}

export function installColorTheme(role: ScreenRole): ColorThemeControl {
  const key = role === 'attendee' ? 'deck-theme' : 'deck-theme-room';
  const system = role === 'attendee' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
  const systemTheme = (): ColorTheme => (system?.matches ? 'dark' : 'light');
  let chosen = read(key);
  const current = () => chosen ?? systemTheme();
  const apply = () => {
    document.documentElement.dataset.theme = current();
  };
  apply();
  system?.addEventListener('change', apply);
  window.addEventListener('storage', (event) => {
    if (event.key !== key) return;
    chosen = read(key);
    apply();
  });
  return {
    current,
    toggle() {
      const next: ColorTheme = current() === 'dark' ? 'light' : 'dark';
      chosen = next === systemTheme() && system ? undefined : next;
      write(key, chosen);
      apply();
    },
  };
}
