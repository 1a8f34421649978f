/** The server behind `npm start`: files from dist/ only, under any base path. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer } from '../../src/server/static-server.ts';

let root: string;
const servers: Array<ReturnType<typeof createStaticServer>> = [];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'deck-static-'));
  mkdirSync(path.join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>deck</title>');
  writeFileSync(path.join(root, 'dist', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'dist', 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(root, 'dist', 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(path.join(root, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'dist', 'deck-build.json'), '{}');
  writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(basePath?: string, middleware?: Parameters<typeof createStaticServer>[0]['middleware']): Promise<number> {
  const server = createStaticServer({ root: path.join(root, 'dist'), basePath, middleware });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Raw request: fetch() would normalise `..` away before it reaches the server. */
function get(port: number, rawPath: string, method = 'GET'): Promise<{ status: number; type?: string; body: string; location?: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body, location: res.headers.location, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  it('serves index.html and assets with their content types', async () => {
    const port = await start();
    const index = await get(port, '/');
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/text\/html/);
    const script = await get(port, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.type).toMatch(/javascript/);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%252e%252e/secret.txt',
    '/..%5csecret.txt',
    '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    '/..%c0%afsecret.txt',
    '/secret.txt%00.js',
    '//../secret.txt',
  ])(
    'refuses path traversal %s',
    async (attempt) => {
      const port = await start();
      const response = await get(port, attempt);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('do not serve');
    },
  );

  it('serves under a base path, redirects the bare prefix and 404s outside it', async () => {
    const port = await start('/some/deep/base/');
    expect((await get(port, '/some/deep/base/')).status).toBe(200);
    expect((await get(port, '/some/deep/base/assets/app.js')).status).toBe(200);
    const bare = await get(port, '/some/deep/base');
    expect(bare.status).toBe(301);
    expect(bare.location).toBe('/some/deep/base/');
    expect((await get(port, '/assets/app.js')).status).toBe(404);
  });
});

describe('static server: types, headers and bad requests', () => {
  it.each([
    ['/assets/app.css', /^text\/css/],
    ['/assets/font.woff2', /^font\/woff2$/],
    ['/favicon.svg', /^image\/svg\+xml/],
    ['/deck-build.json', /^application\/json/],
    ['/', /^text\/html;\s*charset=utf-8/],
  ])('serves %s with its content type', async (file, type) => {
    const port = await start();
    const response = await get(port, file);
    expect(response.status).toBe(200);
    expect(response.type).toMatch(type);
  });

  it('sends security headers, a Content Security Policy among them, on files and on errors', async () => {
    const port = await start();
    for (const file of ['/', '/assets/app.js', '/missing']) {
      const { headers } = await get(port, file);
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['content-security-policy']).toContain("script-src 'self'");
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('answers a malformed escape with 404 and keeps serving', async () => {
    const port = await start();
    expect((await get(port, '/%E0%A4%A')).status).toBe(404);
    expect((await get(port, '/assets/%')).status).toBe(404);
    expect((await get(port, '/')).status).toBe(200);
  });

  it('refuses to write: POST on a file is 405', async () => {
    const port = await start();
    expect((await get(port, '/index.html', 'POST')).status).toBe(405);
  });

  it('hands requests to the middleware first, with paths relative to the base path', async () => {
    const seen: string[] = [];
    const port = await start('/base/', (req, res, next) => {
      seen.push(req.url ?? '');
      if (req.url === '/_follow/state') res.writeHead(200).end('live');
      else next?.();
    });
    expect((await get(port, '/base/_follow/state')).body).toBe('live');
    expect((await get(port, '/base/assets/app.js')).status).toBe(200);
    expect(seen).toEqual(['/_follow/state', '/assets/app.js']);
  });
});
