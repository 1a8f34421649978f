/**
 * What every room screen shares: the endpoints (relative to the deck's base path), the
 * attendee's key, requests with their answers, and times as the room shows them.
 */
import type { Exercise, Slide } from '../../core/model.js';
import type { PagePoll } from '../../shared/page-deck.js';
import { roomPath } from '../../shared/room-protocol.js';
import { onPress } from '../screen.js';

/** What the room reads of the deck on the page (`window.deck`, whichever form of the model it is). */
export interface RoomDeck {
  title: string;
  exercises: readonly Exercise[];
  /** Without their correct options: the room's server gives those out. */
  polls: readonly PagePoll[];
  slides: ReadonlyArray<Pick<Slide, 'title' | 'exercises' | 'polls'>>;
}

export const roomUrl = (endpoint: string): string => new URL(`.${roomPath}${endpoint}`, document.baseURI).href;

const keyStorage = 'deck-attendee-key';

/**
 * This browser's attendee key: 32 URL-safe characters (192 random bits), kept in localStorage
 * so that check-ins survive reloads and follow the attendee from slide to slide. Without
 * storage, a key for this page only.
 */
export function attendeeKey(): string {
  try {
    const kept = localStorage.getItem(keyStorage);
    if (kept && /^[A-Za-z0-9_-]{32,64}$/.test(kept)) return kept;
  } catch {
    // storage disabled: below
  }
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
  try {
    localStorage.setItem(keyStorage, key);
  } catch {
    // a key for this page only
  }
  return key;
}

export interface RoomAnswer {
  status: number;
  body?: Record<string, unknown>;
  /** `Retry-After`, in ms. */
  retryAfterMs?: number;
}

/** POSTs JSON to a room endpoint; a network failure answers status 0. */
export async function postRoom(endpoint: string, body: unknown, headers: Record<string, string>): Promise<RoomAnswer> {
  try {
    const response = await fetch(roomUrl(endpoint), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), cache: 'no-store' });
    const answer: RoomAnswer = { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined };
    const retry = Number(response.headers.get('Retry-After'));
    if (retry > 0) answer.retryAfterMs = retry * 1000;
    return answer;
  } catch {
    return { status: 0 };
  }
}

/** `12:04` (minutes and seconds), `1:02:03` past an hour; never negative. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** `just now`, `4 min`, `1 h 5 min`: how long someone has waited. */
export function waitedText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** An element with its class and text: the one way room screens put words on the page (text only, never HTML). */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** A button that acts on a click, a key, or a finger lifting on it (screen.ts's `onPress`, as the deck's own controls do). */
export function button(className: string, label: string, act: () => void): HTMLButtonElement {
  const made = element('button', className, label);
  made.type = 'button';
  onPress(made, () => void (!made.disabled && act()));
  return made;
}

/**
 * Keeps the deck's keys and touches out of a room control: remark listens on the window, and
 * would turn Space on a button, or `j` typed in a field, into the next slide.
 */
export function keepKeys(root: HTMLElement, options: { touch?: boolean } = {}): void {
  root.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLElement && !!event.target.closest('input, textarea');
    if (typing || event.key === ' ' || event.key === 'Enter') event.stopPropagation();
  });
  root.addEventListener('keypress', (event) => event.stopPropagation());
  if (options.touch === false) return; // a swipe over it still turns the slide
  for (const type of ['touchstart', 'touchmove', 'touchend'] as const) root.addEventListener(type, (event) => event.stopPropagation(), { passive: true });
}
