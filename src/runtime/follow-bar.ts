/**
 * What following shows on the page: a bar bottom left (the connection's state, the presenter's
 * attendee count, an attendee's "Back to live (slide N)" button) and a banner when the server
 * serves another build of the deck than the page has loaded.
 */
import { onPress } from './screen.js';

export interface FollowBarView {
  role: 'attendee' | 'presenter';
  /** `following` or `browsing` for an attendee; the presenter is always `presenter`. */
  mode: 'following' | 'browsing' | 'presenter';
  connection: 'connecting' | 'live' | 'reconnecting' | 'refused';
  attendees: number;
  /** 0-based live slide to offer going back to; `undefined` offers nothing. */
  offerLive?: number;
}

export interface FollowBar {
  render(view: FollowBarView): void;
  showVersionBanner(shown: boolean): void;
  versionBannerShown(): boolean;
  remove(): void;
}

export function createFollowBar(role: FollowBarView['role'], onBackToLive: () => void): FollowBar {
  const root = document.documentElement;
  const bar = document.createElement('div');
  bar.className = 'follow-bar';
  bar.dataset.role = role;
  const status = document.createElement('span');
  status.className = 'follow-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const backToLive = document.createElement('button');
  backToLive.type = 'button';
  backToLive.className = 'follow-live';
  backToLive.hidden = true;
  // A tap just after a swipe may never become a click: the finger lifting on the button is enough.
  onPress(backToLive, onBackToLive);
  bar.append(status, backToLive);

  const versionBanner = document.createElement('div');
  versionBanner.className = 'follow-version';
  versionBanner.setAttribute('role', 'alert');
  versionBanner.hidden = true;
  const versionText = document.createElement('span');
  versionText.textContent = 'The presenter is showing a different version of this deck.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  versionBanner.append(versionText, reload);

  // remark turns taps on the page into next/previous: a tap on our controls is not one.
  for (const element of [bar, versionBanner]) {
    for (const type of ['touchstart', 'touchmove', 'touchend'] as const) element.addEventListener(type, (event) => event.stopPropagation());
  }
  document.body.append(bar, versionBanner);

  // Heartbeats render every second: touch the DOM only for a change (a tap on a button whose
  // text was just replaced may not become a click).
  const set = (element: HTMLElement, content: string) => {
    if (element.textContent !== content) element.textContent = content;
    if (element.hidden !== (content === '')) element.hidden = content === '';
  };

  return {
    render(view) {
      root.dataset.follow = view.mode;
      root.dataset.followConnection = view.connection;
      const count = view.attendees;
      let text = '';
      if (view.connection === 'reconnecting') text = 'Reconnecting…';
      else if (view.connection === 'refused') text = 'Presenter secret refused: open the Presenter address that npm start printed';
      else if (view.role === 'presenter' && view.connection === 'live') text = `Live · ${count} ${count === 1 ? 'attendee' : 'attendees'}`;
      set(status, text);
      status.classList.toggle('follow-warning', view.connection === 'reconnecting' || view.connection === 'refused');
      set(backToLive, view.offerLive !== undefined ? `Back to live (slide ${view.offerLive + 1})` : '');
      if (bar.hidden !== (status.hidden && backToLive.hidden)) bar.hidden = status.hidden && backToLive.hidden;
    },
    showVersionBanner(shown) {
      versionBanner.hidden = !shown;
    },
    versionBannerShown: () => !versionBanner.hidden,
    remove() {
      bar.remove();
      versionBanner.remove();
      delete root.dataset.follow;
      delete root.dataset.followConnection;
    },
  };
}
