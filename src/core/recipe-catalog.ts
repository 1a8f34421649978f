/**
 * The recipe repositories the exercises send attendees to, as published, so that links to them
 * are checked without a network and exercise cards can name the section they open.
 */
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { DiagnosticList } from './diagnostics.js';

export interface GithubRecipeRepo {
  /** `owner/name`. */
  repo: string;
  branch: string;
  /** README heading anchors (GitHub slugs) to their heading text. */
  readme: Record<string, string>;
  /** Files at the repository root to their titles. */
  files: Record<string, string>;
}

export interface RecipePage {
  url: string;
  title: string;
}

export interface RecipeCatalog {
  file: string;
  github: GithubRecipeRepo[];
  pages: RecipePage[];
}

export const emptyCatalog: RecipeCatalog = { file: '', github: [], pages: [] };

export function parseRecipeCatalog(file: string, text: string, diagnostics: DiagnosticList): RecipeCatalog {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const fail = (offset: number, message: string) => {
    const pos = lineCounter.linePos(offset);
    diagnostics.error({
      file,
      line: pos.line,
      column: pos.col,
      message,
      fix: 'the catalog is `github:` (a list of `repo`, `branch`, `readme`, `files`) and `pages:` (a list of `url`, `title`)',
    });
  };
  if (doc.errors.length) {
    fail(doc.errors[0].pos[0], `the recipe catalog is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    return { ...emptyCatalog, file };
  }
  if (!isMap(doc.contents)) {
    fail(0, 'the recipe catalog must be a YAML mapping');
    return { ...emptyCatalog, file };
  }
  const data = doc.toJS() as { github?: unknown; pages?: unknown };
  const github: GithubRecipeRepo[] = [];
  for (const entry of Array.isArray(data.github) ? data.github : []) {
    if (typeof entry?.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(entry.repo)) {
      fail(0, `a github entry has no valid \`repo: owner/name\``);
      continue;
    }
    github.push({
      repo: entry.repo,
      branch: typeof entry.branch === 'string' ? entry.branch : 'master',
      readme: stringRecord(entry.readme),
      files: stringRecord(entry.files),
    });
  }
  const pages: RecipePage[] = [];
  for (const entry of Array.isArray(data.pages) ? data.pages : []) {
    if (typeof entry?.url === 'string' && typeof entry?.title === 'string') pages.push({ url: entry.url, title: entry.title });
    else fail(0, 'a page entry needs both `url` and `title`');
  }
  return { file, github, pages };
}

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [key, title] of Object.entries(value)) record[String(key)] = String(title);
  }
  return record;
}

/** What an exercise card shows for a link, and whether the catalog refutes it. */
export interface RecipeLinkReport {
  /** `owner/name` for GitHub, the host otherwise. */
  source: string;
  /** The recipe or section title when the catalog knows it. */
  title?: string;
  /** Set when the link points into a catalogued repository at something that is not there. */
  problem?: { message: string; fix: string };
}

/** Reports by catalog and link: a big deck repeats the same links, and URL parsing is not free. */
const reports = new WeakMap<RecipeCatalog, Map<string, RecipeLinkReport>>();

export function describeRecipeLink(catalog: RecipeCatalog, href: string): RecipeLinkReport {
  let known = reports.get(catalog);
  if (!known) reports.set(catalog, (known = new Map()));
  let report = known.get(href);
  if (!report) known.set(href, (report = describeUncached(catalog, href)));
  return report;
}

function describeUncached(catalog: RecipeCatalog, href: string): RecipeLinkReport {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { source: href };
  }
  const page = catalog.pages.find((p) => sameUrl(p.url, href));
  if (page) return { source: url.host, title: page.title };
  if (url.host !== 'github.com') return { source: url.host };

  const [owner, name, kind, branch, ...rest] = url.pathname.split('/').filter(Boolean);
  const repoName = owner && name ? `${owner}/${name}` : url.host;
  const repo = catalog.github.find((r) => r.repo.toLowerCase() === repoName.toLowerCase());
  if (!repo) return { source: repoName };
  const anchor = decodeURIComponent(url.hash.slice(1));
  const report: RecipeLinkReport = { source: repo.repo };

  const checkReadmeAnchor = () => {
    if (!anchor) return;
    if (repo.readme[anchor] !== undefined) {
      report.title = repo.readme[anchor];
      return;
    }
    report.problem = {
      message: `${repo.repo}'s README has no section \`#${anchor}\``,
      fix: suggestion('use one of its sections', anchor, Object.keys(repo.readme).map((a) => `#${a}`)),
    };
  };

  if (!kind) {
    checkReadmeAnchor();
    return report;
  }
  if (kind !== 'blob' && kind !== 'tree') return report;
  if (branch !== repo.branch) {
    report.problem = {
      message: `${repo.repo} is catalogued on branch \`${repo.branch}\`, not \`${branch ?? ''}\``,
      fix: `link to https://github.com/${repo.repo}/${kind}/${repo.branch}/${rest.join('/')}`,
    };
    return report;
  }
  const path = rest.join('/');
  if (path === 'README.md' || path === '') {
    checkReadmeAnchor();
  } else if (repo.files[path] !== undefined) {
    report.title = repo.files[path];
  } else {
    report.problem = {
      message: `${repo.repo} has no file \`${path}\``,
      fix: suggestion('link to one of its files', path, Object.keys(repo.files)),
    };
  }
  return report;
}

function sameUrl(a: string, b: string): boolean {
  const strip = (u: string) => u.replace(/\/+$/, '');
  return strip(a) === strip(b);
}

/**
 * Names the closest known choice. Recipe names are slugs (`04-deny-traffic-from-...`), so the
 * words they share with the wrong one count first and the edit distance breaks ties; plain edit
 * distance would favour whichever name is shortest.
 */
function suggestion(what: string, wrong: string, choices: string[]): string {
  if (choices.length === 0) return `${what}; the catalog lists none`;
  const words = (slug: string) => new Set(slug.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && w !== 'md'));
  const wrongWords = words(wrong);
  const shared = (choice: string) => [...words(choice)].filter((w) => wrongWords.has(w)).length;
  const ranked = [...choices].sort((x, y) => shared(y) - shared(x) || editDistance(wrong, x) - editDistance(wrong, y));
  return `${what}: did you mean \`${ranked[0]}\`?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
