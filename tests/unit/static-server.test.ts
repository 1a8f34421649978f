/** The server behind `npm start`: files from dist/ only, under any base path. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer } from '../../src/server/static-server.ts';

let root: string;
const servers: Array<ReturnType<typeof createStaticServer>> = [];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'deck-static-'));
  mkdirSync(path.join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>deck</title>');
  writeFileSync(path.join(root, 'dist', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(basePath?: string): Promise<number> {
  const server = createStaticServer({ root: path.join(root, 'dist'), basePath });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Raw request: fetch() would normalise `..` away before it reaches the server. */
function get(port: number, rawPath: string): Promise<{ status: number; type?: string; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body, location: res.headers.location }));
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

  it.each(['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt'])(
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
