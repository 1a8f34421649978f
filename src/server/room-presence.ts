/**
 * Who follows the deck on this replica, by attendee id: the room counts only them (done, need
 * help, votes), and a check-in is taken only from one of them. So a flood of made-up keys adds
 * no more attendees than it holds follow streams, which the follow server caps per client.
 *
 * An attendee whose last stream closed stays present for `lingerMs` (a reload, a network
 * change): at most `perClient` attendees per client address are present at once, counting those
 * lingering, so that closing streams and opening new ones with new keys gains nothing.
 */
import { createHash } from 'node:crypto';

/** The id the room knows an attendee by: a digest of their key, so that knowing the id gives no power. */
export function attendeeIdOf(key: string): string {
  return createHash('sha256').update(`deck-attendee\n${key}`).digest('base64url').slice(0, 22);
}

export interface Presence {
  /** A follow stream of attendee `id` opened, from `client` (follow-guard.ts's key). */
  opened(id: string, client: string): void;
  /** One of its streams closed. */
  closed(id: string): void;
  has(id: string): boolean;
  /** Present now: id to until when (Infinity while a stream is open). */
  entries(): ReadonlyMap<string, number>;
  /** Called when someone arrives or leaves (after their lingering). */
  onChange(listener: () => void): void;
  close(): void;
}

export function createPresence(options: { lingerMs: number; perClient: number; clock?: () => number }): Presence {
  const clock = options.clock ?? Date.now;
  const open = new Map<string, { streams: number; client: string }>();
  const lingering = new Map<string, { until: number; client: string }>();
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());

  /** Drops lingering attendees past their time; and, for `client`, the oldest past its share. */
  const prune = (client?: string): boolean => {
    const now = clock();
    let dropped = false;
    for (const [id, held] of lingering) {
      if (held.until <= now) dropped = lingering.delete(id) || dropped;
    }
    if (client === undefined) return dropped;
    let count = 0;
    for (const held of open.values()) if (held.client === client) count += 1;
    // Oldest first: a Map keeps insertion order, and an attendee lingers from when they left.
    for (const [id, held] of lingering) {
      if (held.client !== client) continue;
      if (count < options.perClient) count += 1;
      else dropped = lingering.delete(id) || dropped;
    }
    return dropped;
  };

  const timer = setInterval(() => prune() && changed(), Math.max(100, Math.min(1000, options.lingerMs / 4)));
  timer.unref();

  return {
    opened(id, client) {
      const held = open.get(id);
      const arrived = !held && !lingering.delete(id);
      open.set(id, { streams: (held?.streams ?? 0) + 1, client });
      if (prune(client) || arrived) changed();
    },
    closed(id) {
      const held = open.get(id);
      if (!held) return;
      if (held.streams > 1) {
        held.streams -= 1;
        return;
      }
      open.delete(id);
      lingering.set(id, { until: clock() + options.lingerMs, client: held.client });
    },
    has: (id) => open.has(id) || (lingering.get(id)?.until ?? 0) > clock(),
    entries() {
      const now = clock();
      const present = new Map<string, number>();
      for (const [id, held] of lingering) if (held.until > now) present.set(id, held.until);
      for (const id of open.keys()) present.set(id, Infinity);
      return present;
    },
    onChange: (listener) => void listeners.add(listener),
    close: () => clearInterval(timer),
  };
}
