/**
 * Serves the built deck. Kept small and separate so that the follow server can mount the same
 * handler; sirv does the file serving (content types, ranges, ETags, no path traversal).
 */
import { createServer, type Server } from 'node:http';
import sirv from 'sirv';

export interface StaticServerOptions {
  /** Folder to serve, normally `dist/`. */
  root: string;
  /** Serve under this path prefix (`/workshop/`) instead of `/`, as a shared host would. */
  basePath?: string;
}

export function createStaticServer(options: StaticServerOptions): Server {
  const serve = sirv(options.root, { dev: false, etag: true, single: false });
  const base = normaliseBase(options.basePath ?? '/');
  return createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const url = req.url ?? '/';
    if (url === base.slice(0, -1)) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!url.startsWith(base)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    req.url = '/' + url.slice(base.length);
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    });
  });
}

function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/*|\/*$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
