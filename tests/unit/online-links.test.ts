/**
 * `check --online` against a loopback HTTP server that stands in for the web and GitHub: pages
 * that answer, a 404, one that never answers, a port nobody listens on, and README anchors
 * checked against live headings. No request may leave 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExternalLinks, externalLinks, type ExternalLink } from '../../src/check/online-links.js';
import { githubSlug, markdownAnchors } from '../../src/core/github.js';
import { buildChapters } from './deck-fixture.js';

const readme = [
  '# Kube tutorial',
  '',
  '## Prerequisites',
  '',
  '```bash',
  '# not a heading',
  '```',
  '',
  '## 3. Execute Big Data job with Spark on the Kubernetes Cluster',
  '',
  'Setup steps',
  '-----------',
  '',
  '## Setup steps',
].join('\n');

let server: Server;
let base: string;
let closedPort: number;
const requested: string[] = [];
const stalled: Array<() => void> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/slow') {
      stalled.push(() => res.destroy());
      return;
    }
    const routes: Record<string, [number, string]> = {
      '/ok': [200, 'fine'],
      '/github/owner/repo': [200, '<html>repo</html>'],
      '/github/owner/repo/blob/main/README.md': [200, '<html>readme</html>'],
      '/raw/owner/repo/HEAD/README.md': [200, readme],
      '/raw/owner/repo/main/README.md': [200, readme],
    };
    const [status, body] = routes[url] ?? [404, 'not found'];
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was free a moment ago: connections to it are refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  for (const release of stalled) release();
  await new Promise((resolve) => server.close(resolve));
});

/** Refuses, loudly, any request that would leave the machine. */
const loopbackOnly: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  if (url.hostname !== '127.0.0.1') throw new Error(`test tried to reach ${url.href}`);
  requested.push(url.pathname);
  return fetch(input, init);
};

const link = (href: string, line: number): ExternalLink => ({ href, file: 'a.md', line, column: 3, slide: 4 });

describe('external links, online', () => {
  it('reports 404s as errors, unreachable hosts and timeouts as warnings, each at its line', async () => {
    const links = [link(`${base}/ok`, 1), link(`${base}/gone`, 2), link(`${base}/slow`, 3), link(`http://127.0.0.1:${closedPort}/`, 4)];
    const started = Date.now();
    const findings = await checkExternalLinks(links, { fetch: loopbackOnly, timeoutMs: 400, concurrency: 2 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(findings.map((f) => [f.severity, f.line, f.message])).toEqual([
      ['error', 2, `${base}/gone answers HTTP 404`],
      ['warning', 3, `${base}/slow could not be reached: no answer within 400 ms`],
      ['warning', 4, `http://127.0.0.1:${closedPort}/ could not be reached: ECONNREFUSED`],
    ]);
    for (const f of findings) expect(f).toMatchObject({ kind: 'external-link', file: 'a.md', column: 3, slide: 4 });
  });

  it('checks GitHub README anchors against the live headings, through the injected hosts', async () => {
    requested.length = 0;
    const links = [
      link('https://github.com/owner/repo#prerequisites', 1),
      link('https://github.com/owner/repo#setup-steps-1', 2),
      link('https://github.com/owner/repo/blob/main/README.md#3-execute-big-data-job-with-spark-on-the-kubernetes-cluster', 3),
      link('https://github.com/owner/repo#4-spark-job', 4),
      link('https://github.com/owner/repo#not-a-heading', 5),
    ];
    const findings = await checkExternalLinks(links, { fetch: loopbackOnly, githubBase: `${base}/github`, githubRawBase: `${base}/raw`, timeoutMs: 2_000 });
    expect(findings.map((f) => [f.severity, f.line])).toEqual([['error', 4], ['error', 5]]);
    expect(findings[0].message).toBe('owner/repo has no section `#4-spark-job` in its live README.md');
    expect(findings[0].fix).toContain('#3-execute-big-data-job-with-spark-on-the-kubernetes-cluster');
    expect(requested).toContain('/raw/owner/repo/HEAD/README.md');
    expect(requested).toContain('/raw/owner/repo/main/README.md');
    expect(requested).toContain('/github/owner/repo');
  });

  it('never has more requests in flight than asked', async () => {
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await loopbackOnly(input, init);
      } finally {
        inFlight--;
      }
    };
    await checkExternalLinks(Array.from({ length: 9 }, (_, i) => link(`${base}/ok?${i}`, i + 1)), { fetch: counting, concurrency: 3 });
    expect(most).toBe(3);
  });

  it('takes each distinct external link of the deck once, at its first slide and line', () => {
    const build = buildChapters({
      'a.md': '# A\n\n---\n\n## One\n\nSee [the docs](https://example.org/docs) and [here](#chapter-1).\n\n--\n\nAgain [the docs](https://example.org/docs).\n',
    });
    expect(externalLinks(build.deck!)).toEqual([{ href: 'https://example.org/docs', file: 'a.md', line: 7, column: 5, slide: 4 }]);
  });
});

describe('GitHub heading anchors', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('1bis. Alternative deployment option with vagrant locally')).toBe('1bis-alternative-deployment-option-with-vagrant-locally');
    expect(githubSlug('DENY all traffic to an application')).toBe('deny-all-traffic-to-an-application');
    expect(githubSlug('What’s new? (v2)')).toBe('whats-new-v2');
  });

  it('numbers repeated headings, reads setext headings and skips code', () => {
    expect([...markdownAnchors(readme)]).toEqual([
      'kube-tutorial',
      'prerequisites',
      '3-execute-big-data-job-with-spark-on-the-kubernetes-cluster',
      'setup-steps',
      'setup-steps-1',
    ]);
  });
});
