/**
 * Dev server only (src/node/vite-plugin-follow.ts adds it to the page): tells the dev server,
 * over Vite's own WebSocket, that this page is the presenter's, so that Vite's error overlay
 * shows here and on no attendee's page (src/node/dev-error-routing.ts). A module of its own,
 * so that it runs even when the deck itself cannot load.
 */
import { presenterTokenInPage } from './follow.js';

const token = presenterTokenInPage();
if (token && import.meta.hot) import.meta.hot.send('deck:presenter', { token });
