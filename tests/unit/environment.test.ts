/**
 * The environment is read at the edge only (src/cli/environment.ts, and the two config files),
 * checked there with messages naming the variable, and documented in one README table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentVariables, readEnvironment, readServeEnvironment, siteOptions } from '../../src/cli/environment.ts';

describe('readEnvironment', () => {
  it('reads what is set, and takes an empty variable as unset', () => {
    expect(readEnvironment({ DECK_MANIFEST: 'talks/a.yml', DECK_VARIANT: 'self-paced', DECK_OUT_DIR: 'out', CHROME_PATH: '/bin/chrome', SOURCE_DATE_EPOCH: '86400' })).toEqual({
      manifest: 'talks/a.yml',
      variant: 'self-paced',
      outDir: 'out',
      chromePath: '/bin/chrome',
      createdAt: new Date('1970-01-02T00:00:00Z'),
    });
    expect(readEnvironment({ DECK_VARIANT: '', DECK_MANIFEST: '  ' })).toEqual({});
  });

  it('names the variable that holds something unusable', async () => {
    expect(() => readEnvironment({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow('SOURCE_DATE_EPOCH must be a number of seconds since 1970 (got `yesterday`)');
    await expect(readServeEnvironment({ PORT: '80a' })).rejects.toThrow(/^PORT must be a port number/);
    await expect(readServeEnvironment({ PORT: '70000' })).rejects.toThrow(/^PORT must be a port number from 0 to 65535/);
    await expect(readServeEnvironment({ DECK_SHUTDOWN_TIMEOUT_MS: '-1' })).rejects.toThrow(/^DECK_SHUTDOWN_TIMEOUT_MS must be a number of milliseconds/);
    await expect(readServeEnvironment({ TRUSTED_PROXIES: 'my-proxy' })).rejects.toThrow(/^TRUSTED_PROXIES: `my-proxy` is not an IP address/);
    for (const url of ['deck.example.org', 'ftp://deck.example.org/', 'https://deck.example.org/?x=1', 'https://deck.example.org/#top', 'https://me:pw@deck.example.org/']) {
      await expect(readServeEnvironment({ DECK_PUBLIC_URL: url }), url).rejects.toThrow(/^DECK_PUBLIC_URL must be the http:\/\/ or https:\/\/ address attendees open/);
    }
  });

  it('takes DECK_PUBLIC_URL as the deck’s folder: ending with a slash', async () => {
    expect((await readServeEnvironment({ DECK_PUBLIC_URL: 'https://deck.example.org' })).publicUrl).toBe('https://deck.example.org/');
    expect((await readServeEnvironment({ DECK_PUBLIC_URL: ' https://deck.example.org/talks/k8s ' })).publicUrl).toBe('https://deck.example.org/talks/k8s/');
    expect((await readServeEnvironment({})).publicUrl).toBeUndefined();
  });

  it('gives the servers their defaults, and Redis only when REDIS_URL is set', async () => {
    const serve = await readServeEnvironment({});
    expect(serve).toMatchObject({ port: undefined, host: undefined, shutdownTimeoutMs: 10_000, redis: undefined, follow: { tokenSource: 'generated' } });
    expect((await readServeEnvironment({ PORT: '0', REDIS_URL: 'redis://r:6379', DECK_REDIS_PREFIX: 'talk-2' })).redis).toEqual({ url: 'redis://r:6379', prefix: 'talk-2' });
  });
});

describe('siteOptions', () => {
  it('takes the command line first, then the environment, then the defaults', () => {
    const env = { manifest: 'from-env.yml', variant: 'env-variant', outDir: 'env-out' };
    expect(siteOptions({ manifest: 'arg.yml', variant: 'arg-variant', outDir: 'arg-out' }, env)).toEqual({
      manifest: path.resolve('arg.yml'),
      variant: 'arg-variant',
      outDir: path.resolve('arg-out'),
    });
    expect(siteOptions({}, env)).toEqual({ manifest: path.resolve('from-env.yml'), variant: 'env-variant', outDir: path.resolve('env-out') });
    expect(siteOptions({}, {})).toEqual({ manifest: path.resolve('slides/workshop.yml'), variant: undefined, outDir: path.resolve('dist') });
  });
});

/** Every .ts file under `folder`. */
function sources(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

describe('the edge', () => {
  it('is the only place in src/ that reads process.env', () => {
    const readers = sources('src').filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')));
    expect(readers).toEqual([path.join('src', 'cli', 'environment.ts')]);
  });

  it('no code, test or benchmark writes process.env', () => {
    const files = [...sources('src'), ...sources('tests'), ...sources('bench'), ...sources('scripts'), 'vite.config.ts', 'playwright.config.ts'];
    const writers = files.filter((file) => /(process\.env(\.\w+|\[[^\]]+\])\s*(=[^=]|\?\?=|\|\|=))|delete process\.env/.test(readFileSync(file, 'utf8')));
    expect(writers).toEqual([]);
  });

  it('README.md documents each variable in its table, and no other', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('\n## Environment'), readme.indexOf('\n## ', readme.indexOf('\n## Environment') + 1));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((name) => !['TEST_PORT'].includes(name)).sort()).toEqual([...environmentVariables].sort());
  });
});
