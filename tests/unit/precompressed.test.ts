/**
 * Compressed forms of a build's text files (src/server/precompressed.ts), written once at build
 * time, and the static server sending the best one a client accepts, or the file itself.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../src/server/precompressed.ts';
import { createStaticServer } from '../../src/server/static-server.ts';

let root: string;
let port: number;
let server: ReturnType<typeof createStaticServer>;
const script = `export const slides = [${Array.from({ length: 400 }, (_, i) => `'slide ${i}: kubectl get pods -n team-${i % 7}'`).join(', ')}];\n`;
const page = `<!doctype html><title>deck</title><script type="application/json" id="deck-payload">${JSON.stringify({ text: script })}</script>`;
const noise = randomBytes(4096);

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'deck-precompressed-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), page);
  writeFileSync(path.join(root, 'assets', 'app.js'), script);
  writeFileSync(path.join(root, 'assets', 'stale.css'), `body { color: red; }\n`.repeat(200));
  writeFileSync(path.join(root, 'assets', 'font.woff2'), script);
  // Text that does not compress, with a form left over from an older build beside it.
  writeFileSync(path.join(root, 'noise.json'), noise);
  writeFileSync(path.join(root, 'noise.json.br'), 'left over');
  await precompressFolder(root);
  // Edited by hand after the build: its forms are older than it, and must not be sent.
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(root, 'assets', 'stale.css'), later, later);
  server = createStaticServer({ root });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('compressed forms at build time', () => {
  it('writes brotli and gzip beside each text file, which decompress to it; none for fonts or text that does not shrink', () => {
    for (const file of ['index.html', 'assets/app.js']) {
      const original = readFileSync(path.join(root, file));
      expect(brotliDecompressSync(readFileSync(path.join(root, `${file}.br`))).equals(original), file).toBe(true);
      expect(gunzipSync(readFileSync(path.join(root, `${file}.gz`))).equals(original), file).toBe(true);
      expect(readFileSync(path.join(root, `${file}.br`)).length).toBeLessThan(original.length / 4);
    }
    expect(existsSync(path.join(root, 'assets', 'font.woff2.br'))).toBe(false);
    expect(existsSync(path.join(root, 'noise.json.gz'))).toBe(false);
    expect(existsSync(path.join(root, 'noise.json.br')), 'a leftover form of a file that no longer shrinks is removed').toBe(false);
  });
});

describe('the static server', () => {
  it('sends brotli to a browser that takes it (Chrome: gzip, deflate, br, zstd), with the file\'s type and Vary', async () => {
    const res = await get('/assets/app.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['accept-ranges']).toBeUndefined();
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
    const home = await get('/', { 'Accept-Encoding': 'br' });
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotliDecompressSync(home.body).toString()).toBe(page);
  });

  it('follows the client\'s preferences: gzip, then the file itself when it refuses both or names none', async () => {
    const gzipOnly = await get('/assets/app.js', { 'Accept-Encoding': 'gzip' });
    expect(gzipOnly.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipOnly.body).toString()).toBe(script);
    expect((await get('/assets/app.js', { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' })).headers['content-encoding']).toBe('gzip');
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'zstd']) {
      const res = await get('/assets/app.js', accept === undefined ? {} : { 'Accept-Encoding': accept });
      expect(res.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(res.body.toString(), String(accept)).toBe(script);
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
  });

  it('answers a range of the file itself, never a range of compressed bytes', async () => {
    const plain = await get('/assets/app.js', { Range: 'bytes=0-5' });
    expect(plain.status).toBe(206);
    expect(plain.body.toString()).toBe(script.slice(0, 6));
    const compressed = await get('/assets/app.js', { Range: 'bytes=0-5', 'Accept-Encoding': 'br' });
    expect(compressed.status).toBe(200);
    expect(brotliDecompressSync(compressed.body).toString()).toBe(script);
  });

  it('sends a file edited after its forms were written as it is now, and fonts as they are', async () => {
    const stale = await get('/assets/stale.css', { 'Accept-Encoding': 'br, gzip' });
    expect(stale.headers['content-encoding']).toBeUndefined();
    expect(stale.body.toString()).toBe(readFileSync(path.join(root, 'assets', 'stale.css'), 'utf8'));
    const font = await get('/assets/font.woff2', { 'Accept-Encoding': 'br, gzip' });
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers.vary).toBeUndefined();
  });

  it('answers HEAD with the headers of what GET would send', async () => {
    const head = await get('/', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(readFileSync(path.join(root, 'index.html.br')).length);
    expect(head.body.length).toBe(0);
  });
});

describe('behind a caching reverse proxy', () => {
  /**
   * A shared cache as nginx or Varnish keep one: a response is stored under its URL and the
   * request headers its `Vary` names, and served from there to a later request that matches.
   */
  async function cachingProxy(): Promise<{ port: number; upstreamHits: () => number; close(): void }> {
    const stored = new Map<string, { status: number; headers: IncomingHttpHeaders; body: Buffer }>();
    const varyOf = new Map<string, string[]>();
    let hits = 0;
    const keyOf = (url: string, headers: IncomingHttpHeaders, vary: string[]) => [url, ...vary.map((name) => `${name}=${headers[name] ?? ''}`)].join('\n');
    const proxy = createServer((req, res) => {
      const url = req.url ?? '/';
      const cached = stored.get(keyOf(url, req.headers, varyOf.get(url) ?? []));
      if (cached) {
        res.writeHead(cached.status, cached.headers);
        return res.end(cached.body);
      }
      hits += 1;
      const upstream = request({ host: '127.0.0.1', port, path: url, method: req.method, headers: req.headers, agent: false }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const vary = String(answer.headers.vary ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
          const entry = { status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) };
          varyOf.set(url, vary);
          stored.set(keyOf(url, req.headers, vary), entry);
          res.writeHead(entry.status, entry.headers);
          res.end(entry.body);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return { port: (proxy.address() as AddressInfo).port, upstreamHits: () => hits, close: () => proxy.close() };
  }

  const through = (proxyPort: number, urlPath: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: proxyPort, path: urlPath, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('gives each client the form it accepts: a phone’s brotli is never served to curl from the cache', async () => {
    const proxy = await cachingProxy();
    try {
      const phone = await through(proxy.port, '/assets/app.js', { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(phone.headers['content-encoding']).toBe('br');
      const curl = await through(proxy.port, '/assets/app.js');
      expect(curl.headers['content-encoding']).toBeUndefined();
      expect(curl.body.toString()).toBe(script);
      const another = await through(proxy.port, '/assets/app.js', { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(brotliDecompressSync(another.body).toString()).toBe(script);
      expect(proxy.upstreamHits(), 'the second phone was answered from the cache').toBe(2);
    } finally {
      proxy.close();
    }
  });

  it('tags each form apart: a cache revalidating the file itself with brotli’s tag gets the file, not 304', async () => {
    const br = await get('/assets/app.js', { 'Accept-Encoding': 'br' });
    const plain = await get('/assets/app.js');
    expect(br.headers.etag).toBeDefined();
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const revalidated = await get('/assets/app.js', { 'If-None-Match': String(br.headers.etag) });
    expect(revalidated.status).toBe(200);
    expect(revalidated.body.toString()).toBe(script);
    expect((await get('/assets/app.js', { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) })).status).toBe(304);
  });
});
