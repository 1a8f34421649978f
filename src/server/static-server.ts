/**
 * Serves the built deck, with security headers, and mounts the follow service next to the files
 * when given one.
 *
 * What may be served is decided once, at start: the regular files found under the root without
 * following a symbolic link, dotfiles left out. A request is looked up in that list by its
 * decoded path, so no spelling of `..` and no link can reach a file outside it. `send` (the file
 * sender behind Express) writes the answer: content types, ETags and conditional requests, HEAD,
 * and byte ranges, where a range that cannot be served gets 416 and a malformed one the whole file.
 * A text file built with compressed forms beside it (precompressed.ts) is sent in the best one the
 * client accepts (`Content-Encoding`, `Vary: Accept-Encoding`, its own ETag, whole, no ranges).
 * Every request runs inside one error boundary: a throw is answered 500, the process lives on.
 */
import { readdirSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { contentType } from 'mime-types';
import Negotiator from 'negotiator';
import send from 'send';
import { compressedVariants, encodings, type Encoding } from './precompressed.js';
import { guarded, type Middleware } from './http-json.js';

export interface StaticServerOptions {
  /** Folder to serve, normally `dist/`. */
  root: string;
  /** Serve under this path prefix (`/workshop/`) instead of `/`, as a shared host would. */
  basePath?: string;
  /** Handles requests before the files (the follow service); paths are relative to the base path. */
  middleware?: Middleware;
  /** Told of each symbolic link under the root, which is not served. */
  warn?: (line: string) => void;
  /** Limits on slow or oversized requests (defaults: `httpDefaults`). */
  limits?: Partial<HttpLimits>;
}

export interface HttpLimits {
  /** A client has this long to send a request's headers (slowloris). */
  headersTimeoutMs: number;
  /** ...and this long for the whole request, body included. Responses, event streams among them, are not limited. */
  requestTimeoutMs: number;
  /** How often those two are checked. */
  checkIntervalMs: number;
  /** A connection that neither sends nor takes anything for this long is closed (a download nobody reads). */
  idleTimeoutMs: number;
  /** Headers read per request; the rest are dropped. */
  maxHeadersCount: number;
}

export const httpDefaults: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  checkIntervalMs: 1_000,
  idleTimeoutMs: 60_000,
  maxHeadersCount: 100,
};

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

/** Sent on every response, by `npm start` and by `npm run dev` alike. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
}

/**
 * The files that may be served, by URL path (`/assets/app.js`), found without following any
 * symbolic link (listed in `links`, never served: a dangling one is no error either). Dotfiles
 * and dot-folders are left out.
 */
export function servableFiles(root: string): { files: Map<string, string>; links: string[] } {
  const files = new Map<string, string>();
  const links: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const relative = `${prefix}${entry.name}`;
      if (entry.isSymbolicLink()) links.push(relative);
      else if (entry.isDirectory()) walk(path.join(folder, entry.name), `${relative}/`);
      else if (entry.isFile()) files.set(`/${relative}`.normalize('NFC'), path.join(folder, entry.name));
    }
  };
  walk(path.resolve(root), '');
  return { files, links };
}

export function createStaticServer(options: StaticServerOptions): Server {
  const limits = { ...httpDefaults, ...options.limits };
  const { files, links } = servableFiles(options.root);
  for (const link of links) options.warn?.(`${link} in ${options.root} is a symbolic link: not served (copy the file in instead)`);
  const variants = compressedVariants(files);
  /** Best first; `identity` last, so a client that accepts nothing listed still gets the file. */
  const offered = [...encodings.map((encoding) => encoding.name), 'identity'];
  const base = normaliseBase(options.basePath ?? '/');
  const plain = (res: ServerResponse, status: number, headers: Record<string, string | number | string[]> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(`${STATUS_CODES[status] ?? status}\n`);
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, { Allow: 'GET, HEAD' });
    let wanted: string;
    try {
      wanted = decodeURIComponent((req.url ?? '/').split('?', 1)[0]);
    } catch {
      return plain(res, 404); // a malformed escape names no file
    }
    const key = (wanted.endsWith('/') ? `${wanted}index.html` : wanted).normalize('NFC');
    const file = files.get(key);
    if (!file) return plain(res, 404);
    const forms = variants.get(key);
    let sent = file;
    if (forms) {
      res.setHeader('Vary', 'Accept-Encoding');
      const chosen = new Negotiator(req).encoding([...forms.keys(), 'identity'], { preferred: offered });
      const form = forms.get(chosen as Encoding);
      if (form) {
        sent = form;
        // The type of the file, not of its `.br`; `send` keeps a type already set.
        res.setHeader('Content-Type', contentType(path.extname(file)) || 'application/octet-stream');
        res.setHeader('Content-Encoding', chosen!);
      }
    }
    // A range of compressed bytes is no use to a client that asked for a range of the file.
    send(req, sent, { dotfiles: 'allow', index: false, etag: true, lastModified: true, acceptRanges: sent === file })
      .on('error', (error: { status?: number; headers?: Record<string, string> }) => {
        // 416 for a range past the end (with Content-Range), 412, or a file gone since start.
        if (res.headersSent) res.destroy();
        else plain(res, error.status ?? 500, error.headers);
      })
      .pipe(res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    const url = req.url ?? '/';
    if (url === base.slice(0, -1)) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!url.startsWith(base)) return plain(res, 404);
    req.url = '/' + url.slice(base.length);
    const files = () => guarded(res, () => serveFile(req, res));
    if (options.middleware) options.middleware(req, res, files);
    else files();
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => guarded(res, () => handle(req, res)),
  );
  server.maxHeadersCount = limits.maxHeadersCount;
  server.timeout = limits.idleTimeoutMs;
  return server;
}

function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/*|\/*$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
