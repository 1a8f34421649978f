/**
 * The server behind `npm start`: files from dist/ only (no link followed out of it, no dotfile),
 * under any base path, with its security headers; and no request, range or slow client that
 * stops it.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowServer } from '../../src/server/follow-server.ts';
import { createStaticServer, type StaticServerOptions } from '../../src/server/static-server.ts';
import { until } from './until.ts';

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
  // What an attacker or a careless copy could leave in a build folder: links out of it
  // (a folder of their own, so that the other tests do not depend on them), dotfiles.
  mkdirSync(path.join(root, 'linked'));
  writeFileSync(path.join(root, 'linked', 'index.html'), '<!doctype html><title>deck</title>');
  symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'linked', 'linked.txt'));
  symlinkSync(root, path.join(root, 'linked', 'up'));
  symlinkSync(path.join(root, 'nowhere.txt'), path.join(root, 'linked', 'dangling.txt'));
  mkdirSync(path.join(root, 'dist', '.git'));
  writeFileSync(path.join(root, 'dist', '.git', 'config'), 'do not serve');
  writeFileSync(path.join(root, 'dist', '.env'), 'do not serve');
  writeFileSync(path.join(root, 'dist', 'assets', '.hidden.js'), 'do not serve');
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(basePath?: string, middleware?: StaticServerOptions['middleware'], more: Partial<StaticServerOptions> = {}): Promise<number> {
  const server = createStaticServer({ root: path.join(root, 'dist'), basePath, middleware, ...more });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Raw request: fetch() would normalise `..` away before it reaches the server. */
function get(port: number, rawPath: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; type?: string; body: string; location?: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers, agent: false }, (res) => {
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
    '/.env',
    '/%2eenv',
    '/.git/config',
    '/assets/.hidden.js',
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

/** The policy as directive -> sources, so that any source added or removed shows. */
function cspDirectives(policy: string | undefined): Record<string, string[]> {
  return Object.fromEntries((policy ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources.sort()]));
}

const expectedPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
};

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

  it('sends security headers, exactly this Content Security Policy among them, on files and on errors', async () => {
    const port = await start();
    for (const [file, method] of [['/', 'GET'], ['/assets/app.js', 'GET'], ['/missing', 'GET'], ['/', 'POST'], ['/favicon.svg', 'HEAD']]) {
      const { headers } = await get(port, file, method);
      expect(cspDirectives(headers['content-security-policy'] as string | undefined), `${method} ${file}`).toEqual(expectedPolicy);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
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

describe('static server: nothing a client sends stops it', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';

  it.each([
    ['bytes=5-2', 416],
    ['bytes=10-5', 416],
    ['bytes=100-', 416],
    ['bytes=0-18446744073709551615', 206],
    ['bytes=-5', 206],
    ['bytes=0-0', 206],
    ['bytes=0-1,3-4', 200],
    ['bytes=x-y', 200],
    ['lines=1-2', 200],
    ['bytes=99999999999999999999999-', 416],
  ])('answers Range: %s with %i and keeps serving', async (range, status) => {
    const port = await start();
    const reply = await get(port, '/favicon.svg', 'GET', { Range: range });
    expect(reply.status).toBe(status);
    if (status === 416) expect(reply.headers['content-range']).toBe(`bytes */${svg.length}`);
    if (status === 200) expect(reply.body).toBe(svg);
    if (range === 'bytes=-5') expect(reply.body).toBe(svg.slice(-5));
    if (range === 'bytes=0-0') expect(reply.body).toBe('<');
    expect((await get(port, '/favicon.svg')).status).toBe(200);
  });

  it('follows no symbolic link, names each one, and starts with a dangling one', async () => {
    const warnings: string[] = [];
    const port = await start('/', undefined, { root: path.join(root, 'linked'), warn: (line) => warnings.push(line) });
    expect(warnings.map((line) => line.split(' ', 1)[0]).sort()).toEqual(['dangling.txt', 'linked.txt', 'up']);
    for (const link of ['/linked.txt', '/up/secret.txt', '/up/dist/index.html', '/dangling.txt']) {
      const reply = await get(port, link);
      expect(reply.status, link).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
    expect((await get(port, '/')).status).toBe(200);
  });

  it('answers 500 when a handler throws, and keeps serving', async () => {
    const port = await start('/', (req, _res, next) => {
      if (req.url === '/boom') throw new Error('a bug');
      next?.();
    });
    const reply = await get(port, '/boom');
    expect(reply.status).toBe(500);
    expect(cspDirectives(reply.headers['content-security-policy'] as string | undefined)).toEqual(expectedPolicy);
    expect((await get(port, '/')).status).toBe(200);
  });

  it('closes a connection that dribbles its headers (slowloris) once the headers timeout passes', async () => {
    const port = await start('/', undefined, { limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50 } });
    const socket = connect(port, '127.0.0.1');
    const opened = Date.now();
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - opened)));
    socket.on('error', () => {});
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const dribble = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 50);
    try {
      const lasted = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 5000))]);
      expect(lasted).toBeGreaterThanOrEqual(250);
      expect(lasted).toBeLessThan(3000);
    } finally {
      clearInterval(dribble);
      socket.destroy();
    }
  });

  it('keeps an event stream open long past the request timeout: that limit is on receiving the request', async () => {
    const follow = createFollowServer({ token: 'static-server-test-secret', heartbeatMs: 50 });
    const limits = { headersTimeoutMs: 200, requestTimeoutMs: 300, checkIntervalMs: 50, idleTimeoutMs: 300 };
    const port = await start('/', follow.handle, { limits });
    let beats = 0;
    let ended = false;
    const req = request({ host: '127.0.0.1', port, path: '/_follow/events', agent: false }, (res) => {
      res.on('data', (chunk: Buffer) => (beats += chunk.toString().split('data:').length - 1));
      res.on('close', () => (ended = true));
    });
    req.on('error', () => (ended = true));
    req.end();
    // The time passing is what is tested: twice the request timeout and its check, then the stream must still be open.
    const opened = Date.now();
    const lasting = 2 * (limits.requestTimeoutMs + limits.checkIntervalMs);
    await until(() => ended || Date.now() - opened >= lasting, `the stream to end or last ${lasting} ms`);
    expect(ended).toBe(false);
    expect(beats).toBeGreaterThan(5);
    req.destroy();
    await follow.close();
  });
});
