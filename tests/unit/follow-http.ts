/**
 * The follow service over real HTTP, for its tests: a server on port 0, a loopback reverse
 * proxy that adds X-Forwarded-For as nginx does, requests and event streams from any loopback
 * address (127.0.0.0/8: as many "machines" as a test needs). Waiting on them: `until` (until.ts).
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFollowServer, type FollowServer, type FollowServerOptions } from '../../src/server/follow-server.ts';
import { eventStreamParser } from '../../src/shared/event-stream.ts';
import type { LiveMessage } from '../../src/shared/follow-protocol.ts';

export const token = 'unit-test-presenter-secret';
const running: Array<{ http: Server; follow: FollowServer }> = [];
const proxies: Array<{ close(): void }> = [];

/** Stops every server and proxy the test started (call it in `afterEach`). */
export async function stopAll(): Promise<void> {
  for (const proxy of proxies.splice(0)) proxy.close();
  for (const { http, follow } of running.splice(0)) {
    await follow.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
}

export async function start(options: Partial<FollowServerOptions> = {}) {
  const follow = createFollowServer({ token, buildInfo: () => ({ buildId: 'b1', slides: 47 }), ...options });
  const http = createServer((req, res) => follow.handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  running.push({ http, follow });
  return { follow, port: (http.address() as AddressInfo).port };
}

/**
 * A reverse proxy on loopback, streams included: each request goes to the port `route` picks,
 * with the headers it gives (by default, those the client sent). `close()` drops every connection.
 */
export async function reverseProxy(route: (req: IncomingMessage) => { port: number; headers?: IncomingHttpHeaders }): Promise<{ port: number; close(): void }> {
  const proxy = createServer((req, res) => {
    const { port, headers = req.headers } = route(req);
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    close() {
      proxy.closeAllConnections();
      proxy.close();
    },
  };
}

/**
 * A reverse proxy as nginx would be: it adds the address it sees to `X-Forwarded-For` (after
 * whatever the client sent). Stopped by `stopAll`.
 */
export async function loopbackProxy(target: number): Promise<number> {
  const proxy = await reverseProxy((req) => ({
    port: target,
    headers: { ...req.headers, 'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ') },
  }));
  proxies.push(proxy);
  return proxy.port;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Attempt {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's own address (127.0.0.0/8 is all loopback): another machine, as the server sees it. */
  from?: string;
}

export function send(port: number, options: Attempt): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/_follow/control', headers: options.headers, localAddress: options.from, agent: false },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const good = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
export const wrong = { ...good, Authorization: 'Bearer not-the-secret' };
export const move = (port: number, body: unknown, headers: Record<string, string> = {}, from?: string) =>
  send(port, { headers: { ...good, ...headers }, body: JSON.stringify(body), from });
export const guess = (port: number, from?: string, headers: Record<string, string> = {}) =>
  send(port, { headers: { ...wrong, ...headers }, body: JSON.stringify({ slide: 1, blackout: false }), from });

export interface Stream {
  messages: LiveMessage[];
  status: number;
  headers: IncomingHttpHeaders;
  res: IncomingMessage;
  /** True once the stream has ended, whoever ended it. */
  ended: boolean;
  close(): void;
}

/** An event stream (an attendee's unless the secret is sent): every message received, parsed. */
export function follow(port: number, options: { path?: string; headers?: Record<string, string>; from?: string } = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const messages: LiveMessage[] = [];
    const req = request({ host: '127.0.0.1', port, path: options.path ?? '/_follow/events', headers: options.headers, localAddress: options.from, agent: false }, (res) => {
      const events = eventStreamParser((data) => data && messages.push(JSON.parse(data)));
      const stream: Stream = { messages, status: res.statusCode ?? 0, headers: res.headers, res, ended: false, close: () => req.destroy() };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => events.push(chunk));
      // A reset (the test's own close() included) is an end like any other: `ended` tells.
      res.on('error', () => {});
      res.on('close', () => (stream.ended = true));
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

export const presenterStream = (port: number, from?: string) => follow(port, { headers: { Authorization: `Bearer ${token}` }, from });
