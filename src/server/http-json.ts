/**
 * The small HTTP plumbing every endpoint of the follow service shares: the error boundary, JSON
 * answers, refusals that close the connection instead of reading a body nobody wants, bounded
 * JSON bodies, and the same-origin rule for requests that change something.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Middleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export type Refuse = (status: number, error: string, headers?: Record<string, string>) => void;

/** The error boundary: whatever `work` throws is answered 500 (or the response cut), never a crash. */
export function guarded(res: ServerResponse, work: () => void): void {
  try {
    work();
  } catch {
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * A refusal for a request whose body is not wanted: answered at once, the connection then closes
 * instead of reading what the client still sends.
 */
export function refusal(req: IncomingMessage, res: ServerResponse): Refuse {
  return (status, error, headers = {}) => {
    res.shouldKeepAlive = false;
    sendJson(res, status, { error }, headers);
    req.resume();
  };
}

/**
 * Reads a JSON request body of at most `maxBytes` and hands its text to `use`: `413` past the
 * limit (by `Content-Length`, or while reading a chunked one), `415` when it is not JSON.
 * `use` runs inside the error boundary.
 */
export function readJsonBody(req: IncomingMessage, res: ServerResponse, maxBytes: number, refuse: Refuse, use: (text: string) => void): void {
  const tooLarge = () => refuse(413, `the body may be at most ${maxBytes} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return tooLarge();
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return refuse(415, 'send Content-Type: application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      if (!refused) tooLarge();
      refused = true;
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (!refused) guarded(res, () => use(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Browsers send `Origin` on every POST: it must be this deck's own origin, scheme, host and port
 * (`scheme` is what the browser used: `X-Forwarded-Proto` from a trusted proxy, else `http`).
 * Scripts (curl) send none and pass on their secret alone; a cross-site page cannot hide its origin.
 */
export function sameOrigin(req: IncomingMessage, scheme: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).origin === new URL(`${scheme}://${req.headers.host}`).origin;
  } catch {
    return false; // `null` (sandboxed frames, file: pages), a missing Host, and garbage
  }
}
