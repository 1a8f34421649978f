/**
 * `npm run check -- --online`: fetches each external link of the deck, a few at a time and each
 * within a time limit, and checks GitHub README anchors against the live headings. The hosts are
 * injectable (`githubBase`, `githubRawBase`, `fetch`) so tests run against a loopback server.
 */
import { closestMatch } from '../core/closest-match.js';
import { markdownAnchors, parseGithubAddress, type GithubAddress } from '../core/github.js';
import type { PageDeck } from '../shared/page-deck.js';
import type { CheckFinding } from './findings.js';

export interface ExternalLink {
  href: string;
  file: string;
  line: number;
  column: number;
  /** 1-based slide number where it first appears. */
  slide: number;
}

export interface OnlineOptions {
  /** Requests in flight at once (default 6). */
  concurrency?: number;
  /** Per request, in ms (default 10 000). */
  timeoutMs?: number;
  /** Where `https://github.com` pages are fetched from (default itself). */
  githubBase?: string;
  /** Where raw files of GitHub repositories are fetched from (default raw.githubusercontent.com). */
  githubRawBase?: string;
  fetch?: typeof fetch;
}

/** Every distinct http(s) link of the deck, at the first place it appears. */
export function externalLinks(deck: PageDeck): ExternalLink[] {
  const links = new Map<string, ExternalLink>();
  for (const slide of deck.slides) {
    for (const link of slide.links) {
      if (!/^https?:\/\//i.test(link.href) || links.has(link.href)) continue;
      links.set(link.href, { href: link.href, file: slide.source.file, line: link.line, column: link.column, slide: slide.index + 1 });
    }
  }
  return [...links.values()];
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type Fetched = { ok: true; status: number; text?: string } | { ok: false; reason: string };

export async function checkExternalLinks(links: ExternalLink[], options: OnlineOptions = {}): Promise<CheckFinding[]> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const githubBase = (options.githubBase ?? 'https://github.com').replace(/\/+$/, '');
  const rawBase = (options.githubRawBase ?? 'https://raw.githubusercontent.com').replace(/\/+$/, '');

  const get = async (url: string, wantText: boolean): Promise<Fetched> => {
    try {
      const response = await doFetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'workshop-deck link check' } });
      const text = wantText && response.ok ? await response.text() : undefined;
      if (!wantText) await response.body?.cancel().catch(() => undefined);
      return { ok: true, status: response.status, text };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const reason = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
      return { ok: false, reason };
    }
  };

  const findings = await mapLimited(links, options.concurrency ?? 6, async (link): Promise<CheckFinding[]> => {
    const at = { file: link.file, line: link.line, column: link.column, slide: link.slide };
    const url = new URL(link.href);
    const isGithub = url.hostname === 'github.com';
    const target = isGithub ? `${githubBase}${url.pathname}${url.search}` : `${url.origin}${url.pathname}${url.search}`;
    const page = await get(target, false);
    if (!page.ok) {
      return [{
        kind: 'external-link', severity: 'warning', ...at,
        message: `${link.href} could not be reached: ${page.reason}`,
        fix: 'check the address, or run the check again where the network reaches it',
      }];
    }
    if (page.status >= 400) {
      return [{
        kind: 'external-link', severity: 'error', ...at,
        message: `${link.href} answers HTTP ${page.status}`,
        fix: 'update the link to where the page lives now, or remove it',
      }];
    }
    const address = parseGithubAddress(link.href);
    const anchor = address?.anchor ?? '';
    const readme = address && anchor ? readmePath(address) : undefined;
    if (!readme) return [];
    const raw = await get(`${rawBase}/${readme}`, true);
    if (!raw.ok || raw.status >= 400 || raw.text === undefined) {
      return [{
        kind: 'external-link', severity: 'warning', ...at,
        message: `the Markdown behind ${link.href} could not be fetched to check \`#${anchor}\`: ${raw.ok ? `HTTP ${raw.status}` : raw.reason}`,
        fix: 'check the repository and branch in the link',
      }];
    }
    const anchors = markdownAnchors(raw.text);
    const wanted = anchor.replace(/^user-content-/, '');
    if (anchors.has(wanted)) return [];
    const close = closestMatch(wanted, anchors);
    return [{
      kind: 'external-link', severity: 'error', ...at,
      message: `${readme.split('/').slice(0, 2).join('/')} has no section \`#${anchor}\` in its live ${readme.split('/').pop()}`,
      fix: close ? `link to an existing section: did you mean \`#${close}\`? (and update the recipe catalog)` : 'link to the file without a section',
    }];
  });
  return findings.flat();
}

/** `owner/repo/branch/path.md` for a GitHub repository page or Markdown file; `HEAD` for the default branch. */
function readmePath({ repo, kind, branch, path }: GithubAddress): string | undefined {
  if (!kind) return `${repo}/HEAD/README.md`;
  if (kind === 'blob' && branch && /\.(md|markdown)$/i.test(path)) return `${repo}/${branch}/${path}`;
  if (kind === 'tree' && branch) return `${repo}/${branch}/${path ? `${path}/` : ''}README.md`;
  return undefined;
}
