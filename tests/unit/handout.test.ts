/**
 * The handout and the join card as `npm start` serves them: which PDF counts as this build's
 * handout (the stamp, src/node/handout-file.ts), how it is downloaded (a named attachment, byte
 * ranges), what deck-build.json says of it, and the join card's address and QR code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseDisposition } from 'content-disposition';
import QRCode from 'qrcode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { currentHandout, handoutStampFile, withdrawHandoutIfOverwritten, writeHandoutStamp } from '../../src/node/handout-file.ts';
import { createFollowServer, type FollowServer } from '../../src/server/follow-server.ts';
import { createHandoutServer, downloadName } from '../../src/server/handout.ts';
import { createStaticServer } from '../../src/server/static-server.ts';

const root = mkdtempSync(path.join(tmpdir(), 'deck-handout-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pdf = Buffer.from('%PDF-1.7\n% a handout of build b1\n%%EOF\n');

/** A build folder with `workshop.pdf` and, unless told otherwise, its stamp for build `b1`. */
function buildFolder(stamp: Record<string, unknown> | null = { file: 'workshop.pdf', buildId: 'b1', bytes: pdf.length }): string {
  const dir = mkdtempSync(path.join(root, 'dist-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(dir, 'workshop.pdf'), pdf);
  if (stamp) writeFileSync(path.join(dir, handoutStampFile), JSON.stringify(stamp));
  return dir;
}

describe('which PDF is this build’s handout', () => {
  it('the stamped file, of this build, at the stamped size', () => {
    expect(currentHandout(buildFolder(), 'b1')).toMatchObject({ file: 'workshop.pdf' });
    expect(currentHandout(buildFolder(), 'b2'), 'another build').toBeUndefined();
    expect(currentHandout(buildFolder(), undefined), 'a build of unknown id').toBeUndefined();
    expect(currentHandout(buildFolder(null), 'b1'), 'no stamp').toBeUndefined();
    const resized = buildFolder();
    writeFileSync(path.join(resized, 'workshop.pdf'), Buffer.concat([pdf, pdf]));
    expect(currentHandout(resized, 'b1'), 'another PDF written over it').toBeUndefined();
    const gone = buildFolder();
    rmSync(path.join(gone, 'workshop.pdf'));
    expect(currentHandout(gone, 'b1'), 'the PDF deleted').toBeUndefined();
  });

  it.each([['../outside.pdf'], ['sub/workshop.pdf'], ['index.html'], ['.hidden.pdf'], [42]])('refuses a stamp naming %s, even when that file exists with the stamped size', (file) => {
    const dir = buildFolder(null);
    mkdirSync(path.join(dir, 'sub'));
    for (const name of ['../outside.pdf', 'sub/workshop.pdf', '.hidden.pdf', 'index.html']) writeFileSync(path.join(dir, name), pdf);
    writeFileSync(path.join(dir, handoutStampFile), JSON.stringify({ file, buildId: 'b1', bytes: pdf.length }));
    expect(currentHandout(dir, 'b1')).toBeUndefined();
  });

  it('is withdrawn when its file is about to be written over, and stamped anew by the exporter', () => {
    const dir = buildFolder();
    withdrawHandoutIfOverwritten(dir, path.join(dir, 'other.pdf'));
    expect(currentHandout(dir, 'b1')).toBeDefined();
    withdrawHandoutIfOverwritten(dir, path.join(dir, 'workshop.pdf'));
    expect(currentHandout(dir, 'b1')).toBeUndefined();
    writeHandoutStamp(dir, { file: 'workshop.pdf', buildId: 'b1', bytes: pdf.length });
    expect(currentHandout(dir, 'b1')).toBeDefined();
  });
});

describe('downloading it', () => {
  const servers: Array<{ http: Server; follow: FollowServer }> = [];
  afterEach(async () => {
    for (const { http, follow } of servers.splice(0)) {
      await follow.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  /** `npm start`'s stack: the handout first, then the follow service, then the static files. */
  async function serve(dir: string, options: { buildId?: string; title?: string; join?: string } = {}): Promise<string> {
    const buildId = options.buildId ?? 'b1';
    const handout = createHandoutServer({ dir, buildId: () => buildId, title: options.title ?? 'Kubernetes in practice' });
    const follow = createFollowServer({ token: 'handout-test-secret', buildInfo: () => ({ buildId, slides: 3 }), handout: handout.announce, join: () => options.join });
    const http = createStaticServer({ root: dir, middleware: (req, res, next) => handout.handle(req, res, () => follow.handle(req, res, next)) });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    servers.push({ http, follow });
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  }

  it('is a PDF attachment named after the deck, announced in deck-build.json with its build', async () => {
    const deck = await serve(buildFolder());
    const info = await (await fetch(new URL('deck-build.json', deck))).json();
    expect(info.handout).toEqual({ url: 'workshop.pdf', buildId: 'b1' });
    const reply = await fetch(new URL(info.handout.url, deck));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    expect(parseDisposition(reply.headers.get('content-disposition')!)).toEqual({ type: 'attachment', parameters: { filename: 'Kubernetes in practice.pdf' } });
    expect(Buffer.from(await reply.arrayBuffer())).toEqual(pdf);
  });

  it('answers byte ranges: a part, 416 past the end, the whole file for a malformed one', async () => {
    const deck = await serve(buildFolder());
    const part = await fetch(new URL('workshop.pdf', deck), { headers: { Range: 'bytes=0-3' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${pdf.length}`);
    expect(await part.text()).toBe('%PDF');
    const tail = await fetch(new URL('workshop.pdf', deck), { headers: { Range: `bytes=${pdf.length - 6}-` } });
    expect(await tail.text()).toBe('%%EOF\n');
    const past = await fetch(new URL('workshop.pdf', deck), { headers: { Range: `bytes=${pdf.length + 10}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-disposition')).toBeNull();
    await past.arrayBuffer();
    const malformed = await fetch(new URL('workshop.pdf', deck), { headers: { Range: 'bytes=5-2' } });
    expect([200, 416]).toContain(malformed.status);
    await malformed.arrayBuffer();
  });

  it('is neither announced nor sent as the handout when it was made from another build', async () => {
    const deck = await serve(buildFolder(), { buildId: 'b2' });
    const info = await (await fetch(new URL('deck-build.json', deck))).json();
    expect(info.handout).toBeUndefined();
    // The file was in the folder at start: the static server has it, as any file, but not as the handout.
    const reply = await fetch(new URL('workshop.pdf', deck));
    expect(reply.headers.get('content-disposition')).toBeNull();
    await reply.arrayBuffer();
  });

  it('appears once exported, while the server runs, and goes when its file is replaced', async () => {
    const dir = buildFolder(null);
    rmSync(path.join(dir, 'workshop.pdf'));
    const deck = await serve(dir);
    expect((await (await fetch(new URL('deck-build.json', deck))).json()).handout).toBeUndefined();
    expect((await fetch(new URL('workshop.pdf', deck))).status).toBe(404);
    writeFileSync(path.join(dir, 'workshop.pdf'), pdf);
    writeHandoutStamp(dir, { file: 'workshop.pdf', buildId: 'b1', bytes: pdf.length });
    expect((await (await fetch(new URL('deck-build.json', deck))).json()).handout).toEqual({ url: 'workshop.pdf', buildId: 'b1' });
    expect((await fetch(new URL('workshop.pdf', deck))).headers.get('content-type')).toBe('application/pdf');
    writeFileSync(path.join(dir, 'workshop.pdf'), 'something else');
    expect((await (await fetch(new URL('deck-build.json', deck))).json()).handout).toBeUndefined();
  });

  it('names the file after any title, safely', () => {
    for (const title of ['Kubernetes: "in practice" / day 1', 'Ünïcode ✓ talk', '../../etc/passwd', '\u0000\u001b[31mred', '   ', 'x'.repeat(300)]) {
      const name = downloadName(title, 'workshop.pdf');
      expect(name, title).toMatch(/\.pdf$/);
      expect(name, title).not.toMatch(/[\\/"\p{Cc}]/u);
      expect(name.length).toBeLessThanOrEqual(104);
      expect(parseDisposition(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`).parameters.filename).toBe(name);
    }
    expect(downloadName('   ', 'workshop.pdf')).toBe('workshop.pdf');
  });

  it('announces the join card’s address and serves its QR code only when the server knows the address', async () => {
    const withJoin = await serve(buildFolder(), { join: 'http://192.168.1.20:8080/' });
    const info = await (await fetch(new URL('deck-build.json', withJoin))).json();
    expect(info.join).toEqual({ url: 'http://192.168.1.20:8080/', qr: '_follow/join.svg' });
    const qr = await fetch(new URL(info.join.qr, withJoin));
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(await qr.text()).toBe(await QRCode.toString('http://192.168.1.20:8080/', { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }));
    const head = await fetch(new URL(info.join.qr, withJoin), { method: 'HEAD' });
    expect(head.status).toBe(200);

    const without = await serve(buildFolder());
    expect((await (await fetch(new URL('deck-build.json', without))).json()).join).toBeUndefined();
    expect((await fetch(new URL('_follow/join.svg', without))).status).toBe(404);
  });
});
