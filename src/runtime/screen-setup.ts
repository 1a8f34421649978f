/**
 * What each screen adds to remark (screen.ts says which screen this page is): the theme and the
 * slides' Copy buttons and links everywhere; the join card when the follow server serves the
 * page; touch navigation; for attendees, the reading view, their keys and their menu.
 */
import type { PageDeck } from '../shared/page-deck.js';
import { installAttendeeMenu } from './attendee-menu.js';
import { installColorTheme } from './color-theme.js';
import { consoleLoader } from './console-loader.js';
import type { FollowClient } from './follow.js';
import { followServiceAvailable } from './follow-stream.js';
import type { Overview } from './overview.js';
import { installReadingView } from './reading-view.js';
import type { RemarkSlideshow } from './remark-slide.js';
import type { ScreenRole } from './screen.js';
import { installScreenKeys } from './screen-keys.js';
import { servedBuild } from './served-build.js';
import { decorateSlides } from './slide-decorations.js';
import { installTouchNavigation } from './touch.js';

export interface ScreenSetup {
  role: ScreenRole;
  slideshow: RemarkSlideshow;
  deck: () => PageDeck;
  overview: Overview;
  follow: FollowClient | undefined;
  /** The presenter's secret (the presenter's page). */
  token?: string;
}

export function setUpScreen({ role, slideshow, deck, overview, follow, token }: ScreenSetup): void {
  const theme = installColorTheme(role);
  decorateSlides(role);
  // Only the follow server knows the attendees' address: elsewhere the card never loads.
  void servedBuild().then((info) => info?.join && import('./join-card.js').then((card) => card.installJoinCard(info.join!, role, deck)));
  if (role !== 'attendee') {
    installTouchNavigation(slideshow, () => false);
    const presenterConsole = role === 'presenter' ? consoleLoader({ slideshow, deck, follow, token }) : undefined;
    installScreenKeys({ role, followServed: Promise.resolve(true), theme, presenterConsole });
    presenterConsole?.reopen();
    return;
  }
  const readingView = installReadingView(slideshow, deck);
  installTouchNavigation(slideshow, readingView.active);
  // On a static host whoever opened the deck may present it: the console, with a clock of this browser's.
  const presenterConsole = consoleLoader({ slideshow, deck });
  const followServed = followServiceAvailable();
  void followServed.then((served) => !served && presenterConsole.reopen());
  const keys = installScreenKeys({ role, followServed, theme, readingView, presenterConsole });
  installAttendeeMenu({
    overview: overview.open,
    help: keys.help,
    readingView,
    theme,
    liveOffer: () => follow?.liveOffer(),
    returnToLive: () => follow?.returnToLive(),
  });
}
