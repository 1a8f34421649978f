/**
 * What a build says about itself, in `deck-build.json` next to index.html: written by
 * `vite build` (src/node/vite-plugin-deck.ts), read by `npm start` and `npm run pdf` to tell
 * whether the build is current, served by the follow server with `"follow": true` added, and
 * asked for by the page to tell the follow server from a plain static host. No local path.
 */
import type { RoomPlan } from '../core/room-plan.js';

export const buildInfoFile = 'deck-build.json';

export interface BuildInfo {
  /** Hash of the remark source, which fixes the slide numbering followers rely on. */
  buildId: string;
  title: string;
  slides: number;
  /** The variant built; `null` for the default one. */
  variant: string | null;
  /** The exercises' and polls' ids the room takes check-ins and votes for (absent in older builds). */
  room?: RoomPlan;
}

/** The follow server's answer to `deck-build.json`: the build's info and the flag. */
export interface ServedBuildInfo extends Partial<BuildInfo> {
  follow?: true;
  /** The handout PDF of this very build, relative to the deck, when one exists: the attendee menu offers it. */
  handout?: string;
}

/** Where the follow service's endpoints live, relative to the deck's base path. */
export const followPath = '/_follow/';
