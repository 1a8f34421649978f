/**
 * Dev errors reach the presenter's page only. Vite sends an error (a deck that does not load, a
 * module that fails) to every page it serves, where its overlay shows it with the author's
 * absolute paths: on every attendee's screen. Here every error Vite or the deck plugin sends goes
 * to the pages that proved they hold the presenter's secret (src/runtime/dev-presenter.ts sends
 * it over Vite's own WebSocket once per connection), and to no other: attendees keep the last
 * good deck. The latest error is kept until the deck works again, for a presenter's page that
 * connects later. Without the follow service there is no audience: nothing is rerouted.
 */
import type { HotPayload, NormalizedHotChannelClient, ViteDevServer } from 'vite';

/** The custom event a presenter's page sends with its secret. */
export const presenterHello = 'deck:presenter';

export function routeErrorsToPresenter(server: ViteDevServer, isPresenterSecret: (secret: string) => boolean): void {
  const hot = server.environments.client.hot;
  const presenters = new Set<NormalizedHotChannelClient>();
  /** Connections that sent a secret already: one try each (the secret is 144 random bits). */
  const tried = new WeakSet<NormalizedHotChannelClient>();
  let pending: HotPayload | undefined;

  hot.on(presenterHello, (data: unknown, client) => {
    if (tried.has(client)) return;
    tried.add(client);
    const secret = (data as { token?: unknown } | null)?.token;
    if (typeof secret !== 'string' || secret.length > 1024 || !isPresenterSecret(secret)) return;
    presenters.add(client);
    if (pending) client.send(pending);
  });
  hot.on('vite:client:disconnect', (_data: unknown, client) => presenters.delete(client));

  const broadcast = hot.send.bind(hot) as (payload: HotPayload) => void;
  hot.send = ((first: HotPayload | string, data?: unknown) => {
    const payload: HotPayload = typeof first === 'string' ? { type: 'custom', event: first, data } : first;
    if (payload.type === 'error') {
      pending = payload;
      for (const presenter of presenters) presenter.send(payload);
      return;
    }
    // The deck works again (or every page reloads): nothing left to show a late presenter.
    if (payload.type === 'full-reload' || payload.type === 'update' || (payload.type === 'custom' && payload.event === 'deck:update')) pending = undefined;
    broadcast(payload);
  }) as typeof hot.send;
}
