/**
 * Dev server only (src/node/vite-plugin-follow.ts adds it to the page): tells the dev server,
 * over Vite's own WebSocket, that this page is the presenter's, so that Vite's error overlay
 * shows here and on no attendee's page (src/node/dev-error-routing.ts). A module of its own,
 * so that it runs even when the deck itself cannot load.
 */
import { presenterTokenInPage } from './follow.js';

const token = presenterTokenInPage();
if (token && import.meta.hot) {
  import.meta.hot.send('deck:presenter', { token });
  // An error that arrives before remark starts is lost: remark lays out its page with
  // `body.innerHTML +=`, which re-creates the overlay from its tag, empty. Once the deck is up,
  // show the last error again in place of an emptied overlay.
  let lastError: unknown;
  import.meta.hot.on('vite:error', (payload: { err: unknown }) => (lastError = payload.err));
  const root = document.documentElement;
  const reshow = () => {
    const Overlay = customElements.get('vite-error-overlay') as (new (err: unknown) => HTMLElement) | undefined;
    const emptied = [...document.querySelectorAll('vite-error-overlay')].filter((overlay) => !overlay.shadowRoot?.querySelector('.message-body')?.textContent);
    if (!Overlay || !lastError || emptied.length === 0) return;
    emptied.forEach((overlay) => overlay.remove());
    document.body.append(new Overlay(lastError));
  };
  new MutationObserver((_, observer) => {
    if (root.dataset.deckReady !== 'true') return;
    observer.disconnect();
    reshow();
  }).observe(root, { attributes: true, attributeFilter: ['data-deck-ready'] });
}
