/**
 * Serves the built deck, with security headers, and mounts the follow service next to the files
 * when given one. sirv does the file serving (content types, ranges, ETags, no path traversal).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import sirv from 'sirv';
import type { Middleware } from './follow-server.js';

export interface StaticServerOptions {
  /** Folder to serve, normally `dist/`. */
  root: string;
  /** Serve under this path prefix (`/workshop/`) instead of `/`, as a shared host would. */
  basePath?: string;
  /** Handles requests before the files (the follow service); paths are relative to the base path. */
  middleware?: Middleware;
}

/**
 * What the deck may load: only its own files. remark injects `<style>` elements and sets inline
 * styles, hence `'unsafe-inline'` for styles only; scripts run from our own files alone. Images
 * from other hosts are blocked on purpose: the deck runs offline, so slides ship their images.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function createStaticServer(options: StaticServerOptions): Server {
  const serve = sirv(options.root, { dev: false, etag: true, single: false });
  const base = normaliseBase(options.basePath ?? '/');
  const notFound = (res: ServerResponse): void => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  };
  return createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const url = req.url ?? '/';
    if (url === base.slice(0, -1)) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!url.startsWith(base)) {
      notFound(res);
      return;
    }
    req.url = '/' + url.slice(base.length);
    const files = () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
        return;
      }
      serve(req, res, () => notFound(res));
    };
    if (options.middleware) options.middleware(req, res, files);
    else files();
  });
}

function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/*|\/*$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
