/**
 * The room as the presenter and helpers see it: their stream of views (`_room/events`, read like
 * the follow stream: follow-stream.ts reconnects and replaces a silent one), and their actions.
 */
import type { LiveMessage } from '../../shared/follow-protocol.js';
import type { StaffAction, StaffRoomView } from '../../shared/room-protocol.js';
import { openFollowStream } from '../follow-stream.js';
import { postRoom, roomUrl, type RoomAnswer } from './room-requests.js';

export interface RoomFeed {
  /** The latest view, if one came. */
  view(): StaffRoomView | undefined;
  /** The server's clock minus this page's, from the latest view. */
  offset(): number;
  /** `live` while the stream is open. */
  connection(): 'connecting' | 'live' | 'lost';
  /** Called with each view (and at once with the latest); returns the unsubscribe. */
  subscribe(listener: (view: StaffRoomView | undefined) => void): () => void;
  act(action: StaffAction): Promise<RoomAnswer>;
  close(): void;
}

export function createRoomFeed(token: string): RoomFeed {
  let latest: StaffRoomView | undefined;
  let offset = 0;
  let connection: 'connecting' | 'live' | 'lost' = 'connecting';
  const listeners = new Set<(view: StaffRoomView | undefined) => void>();
  const tell = () => listeners.forEach((listener) => listener(latest));
  const stop = openFollowStream({
    url: roomUrl('events'),
    token,
    onMessage(message: LiveMessage | StaffRoomView) {
      latest = message as StaffRoomView;
      offset = latest.now - Date.now();
      tell();
    },
    onConnection(state) {
      connection = state;
      tell();
    },
  });
  return {
    view: () => latest,
    offset: () => offset,
    connection: () => connection,
    subscribe(listener) {
      listeners.add(listener);
      listener(latest);
      return () => listeners.delete(listener);
    },
    act: (action) => postRoom('staff', action, { Authorization: `Bearer ${token}` }),
    close() {
      stop();
      listeners.clear();
    },
  };
}
