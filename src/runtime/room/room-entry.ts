/**
 * The room's way into a page (main.ts loads it once the follow server is known to serve the
 * page, and the deck has an exercise or a poll): each screen loads its own part.
 */
import type { RoomDeck } from './room-requests.js';
import type { RoomClient } from '../follow.js';
import type { RemarkSlideshow } from '../remark-slide.js';
import type { ScreenRole } from '../screen.js';
import './room.css';

export interface RoomStart {
  screen: ScreenRole | 'helper';
  slideshow: RemarkSlideshow;
  deck: () => RoomDeck;
  /** The presenter's secret on the presenter's page, the helpers' on theirs. */
  token?: string;
}

export async function startRoom(options: RoomStart): Promise<RoomClient | undefined> {
  if (options.screen === 'attendee') return (await import('./attendee-room.js')).startAttendeeRoom(options);
  if (options.screen === 'helper') (await import('./helper-page.js')).showHelperPage(options);
  else if (options.screen === 'presenter') (await import('./room-screens.js')).startPresenterRoom(options);
  else (await import('./room-screens.js')).startProjectorRoom(options);
  return undefined;
}
