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
  /**
   * The handout PDF, when one exists that was made from this very build: its URL relative to
   * the deck and the build it was made from (the page offers it only when that is `buildId`).
   */
  handout?: { url: string; buildId: string };
  /**
   * How attendees join: the address the start-up banner prints as Attendees, and its QR code
   * (an SVG, relative to the deck). Only the follow server knows it; a static host has none.
   */
  join?: { url: string; qr: string };
}

/** Where the follow service's endpoints live, relative to the deck's base path. */
export const followPath = '/_follow/';
