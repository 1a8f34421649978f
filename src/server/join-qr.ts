/**
 * The join card's QR code: the attendees' address as an SVG, made here with `qrcode` (loaded
 * when first asked for) so that the page ships no QR encoder. Black on white with a quiet zone,
 * whatever the deck's theme: phone cameras read that best.
 */
import type { ServerResponse } from 'node:http';
import { guarded, sendJson } from './http-json.js';

/** Where the page finds it, relative to the deck (under the follow service's path). */
export const joinQrEndpoint = 'join.svg';

let made: { url: string; svg: Promise<string> } | undefined;

export function joinQrSvg(url: string): Promise<string> {
  if (made?.url !== url) {
    const svg = import('qrcode').then(({ default: QRCode }) => QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }));
    made = { url, svg };
    svg.catch(() => (made = undefined)); // asked again next time
  }
  return made.svg;
}

/** Answers the QR code of `url`, or 404 while the address is not known (or on a server that has none). */
export function sendJoinQr(res: ServerResponse, url: string | undefined, head: boolean): void {
  if (!url) return sendJson(res, 404, { error: 'no join address on this server' });
  joinQrSvg(url).then(
    (svg) =>
      guarded(res, () => {
        res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-cache', 'Content-Length': Buffer.byteLength(svg) });
        res.end(head ? undefined : svg);
      }),
    () => guarded(res, () => sendJson(res, 500, { error: 'the QR code could not be made' })),
  );
}
