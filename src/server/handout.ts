/**
 * The handout as `npm start` serves it: announced in deck-build.json (through the follow
 * service's `handout` option) and downloaded at its name in the build folder, only while it was
 * made from the build being served (src/node/handout-file.ts says when). It may appear after the
 * server started (exported in the background), so it is not one of the static server's files:
 * this handler answers its path itself, as an attachment named after the deck, with byte ranges.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { create as contentDisposition } from 'content-disposition';
import send from 'send';
import { currentHandout } from '../node/handout-file.js';
import type { ServedBuildInfo } from '../shared/build-info.js';
import { guarded, type Middleware } from './http-json.js';

export interface HandoutServerOptions {
  /** The build folder. */
  dir: string;
  /** The build served: a handout of any other is not offered. */
  buildId: () => string | undefined;
  /** The deck's title: the downloaded file's name. */
  title: string;
}

export interface HandoutServer {
  /** What deck-build.json says of it, when there is one for this build. */
  announce(): ServedBuildInfo['handout'];
  /** Answers GET and HEAD of the handout's path; passes anything else on. */
  handle: Middleware;
}

/** A file name from the deck's title: no folder separators, quotes or control characters. */
export function downloadName(title: string, fallback: string): string {
  const name = title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 100).trim();
  return name ? `${name}.pdf` : fallback;
}

export function createHandoutServer(options: HandoutServerOptions): HandoutServer {
  const current = () => currentHandout(options.dir, options.buildId());

  const handle: Middleware = (req: IncomingMessage, res: ServerResponse, next) => {
    const handout = current();
    const wanted = (req.url ?? '/').split('?', 1)[0];
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!handout || !reading || wanted !== `/${handout.file}`) return next?.();
    guarded(res, () => {
      res.setHeader('Content-Disposition', contentDisposition(downloadName(options.title, handout.file)));
      // A new handout may replace this one under the same name: ask again each time (ETag).
      res.setHeader('Cache-Control', 'no-cache');
      send(req, handout.path, { dotfiles: 'deny', index: false, etag: true, lastModified: true, acceptRanges: true })
        .on('error', (error: { status?: number; headers?: Record<string, string> }) => {
          if (res.headersSent) return void res.destroy();
          res.removeHeader('Content-Disposition');
          res.writeHead(error.status ?? 500, { 'Content-Type': 'text/plain; charset=utf-8', ...error.headers }).end(`${error.status ?? 500}\n`);
        })
        .pipe(res);
    });
  };

  return {
    announce() {
      const handout = current();
      const buildId = options.buildId();
      return handout && buildId ? { url: handout.file, buildId } : undefined;
    },
    handle,
  };
}
