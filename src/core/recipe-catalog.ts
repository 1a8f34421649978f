/**
 * The recipe repositories the exercises send attendees to, as published, so that links to them
 * are checked without a network and exercise cards can name the section they open.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { closestMatch } from './closest-match.js';
import type { At, DiagnosticList } from './diagnostics.js';
import { parseGithubAddress } from './github.js';
import { parseYaml } from './yaml-source.js';
import type { FoundLink } from './markdown-scan.js';

export interface GithubRecipeRepo {
  /** `owner/name`. */
  readonly repo: string;
  readonly branch: string;
  /** README heading anchors (GitHub slugs) to their heading text. */
  readonly readme: Readonly<Record<string, string>>;
  /** Files at the repository root to their titles. */
  readonly files: Readonly<Record<string, string>>;
}

export interface RecipePage {
  readonly url: string;
  readonly title: string;
}

export interface RecipeCatalog {
  readonly file: string;
  readonly github: readonly GithubRecipeRepo[];
  readonly pages: readonly RecipePage[];
}

export const emptyCatalog: RecipeCatalog = { file: '', github: [], pages: [] };

const catalogShape = 'the catalog is `github:` (a list of `repo`, `branch`, `readme`, `files`) and `pages:` (a list of `url`, `title`)';

/** Parses the catalog; every problem is reported at the line of the entry it is about. */
export function parseRecipeCatalog(file: string, text: string, diagnostics: DiagnosticList): RecipeCatalog {
  const parsed = parseYaml(file, text, 'recipe catalog', diagnostics);
  if (!parsed) return { ...emptyCatalog, file };
  const { place } = parsed.source;
  const fail = (node: unknown, message: string, fix = catalogShape) => diagnostics.error({ file, ...place(node), message, fix });
  if (!isMap(parsed.document.contents)) {
    fail(parsed.document.contents, 'the recipe catalog must be a YAML mapping');
    return { ...emptyCatalog, file };
  }
  const root = parsed.document.contents;
  const list = (key: string): Node[] => {
    const node = root.get(key, true);
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    if (isSeq(node)) return node.items as Node[];
    fail(node, `\`${key}\` must be a list`);
    return [];
  };

  const github: GithubRecipeRepo[] = [];
  for (const item of list('github')) {
    const entry = isMap(item) ? item : undefined;
    const repo = entry?.get('repo');
    if (typeof repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
      fail(entry?.get('repo', true) ?? item, 'a github entry has no valid `repo: owner/name`', 'write `repo: owner/name`, as in the repository\'s address on github.com');
      continue;
    }
    const branch = entry?.get('branch');
    github.push({
      repo,
      branch: typeof branch === 'string' ? branch : 'master',
      readme: stringRecord(entry?.get('readme', true), 'readme', fail),
      files: stringRecord(entry?.get('files', true), 'files', fail),
    });
  }
  const pages: RecipePage[] = [];
  for (const item of list('pages')) {
    const url = isMap(item) ? item.get('url') : undefined;
    const title = isMap(item) ? item.get('title') : undefined;
    if (typeof url === 'string' && typeof title === 'string') pages.push({ url, title });
    else fail(item, 'a page entry needs both `url` and `title`', 'write `- url: https://…` and, under it, `title: What the page is`');
  }
  return { file, github, pages };
}

function stringRecord(node: unknown, key: string, fail: (node: unknown, message: string, fix?: string) => void): Record<string, string> {
  const record: Record<string, string> = {};
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return record;
  if (!isMap(node)) {
    fail(node, `\`${key}\` must map names to titles`, `write \`${key}:\` and, indented under it, one \`name: Title\` per line`);
    return record;
  }
  for (const pair of (node as YAMLMap).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const title = isScalar(pair.value) ? pair.value.value : undefined;
    if (name === undefined || title === undefined || title === null || typeof title === 'object') {
      fail(pair.key, `\`${key}\` entries are \`name: Title\` pairs of text`);
      continue;
    }
    record[name] = String(title);
  }
  return record;
}

/** What an exercise card shows for a link, and whether the catalog refutes it. */
export interface RecipeLinkReport {
  /** `owner/name` for GitHub, the host otherwise. */
  readonly source: string;
  /** The recipe or section title when the catalog knows it. */
  readonly title?: string;
  /** Set when the link points into a catalogued repository at something that is not there. */
  readonly problem?: { readonly message: string; readonly fix: string };
}

export type LinkDescriber = (href: string) => RecipeLinkReport;

/**
 * Describes links against one catalog, remembering each answer: a big deck repeats the same
 * links, and URL parsing is not free. Made per build, so nothing outlives it.
 */
export function linkDescriber(catalog: RecipeCatalog): LinkDescriber {
  const known = new Map<string, RecipeLinkReport>();
  return (href) => {
    let report = known.get(href);
    if (!report) known.set(href, (report = describeRecipeLink(catalog, href)));
    return report;
  };
}

export function describeRecipeLink(catalog: RecipeCatalog, href: string): RecipeLinkReport {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { source: href };
  }
  const page = catalog.pages.find((p) => sameUrl(p.url, href));
  if (page) return { source: url.host, title: page.title };
  const address = parseGithubAddress(href);
  if (!address) return { source: url.host };
  const repo = catalog.github.find((r) => r.repo.toLowerCase() === address.repo.toLowerCase());
  if (!repo) return { source: address.repo };
  const { anchor, kind, branch, path } = address;

  const readmeSection = (): RecipeLinkReport => {
    if (!anchor) return { source: repo.repo };
    if (repo.readme[anchor] !== undefined) return { source: repo.repo, title: repo.readme[anchor] };
    return {
      source: repo.repo,
      problem: { message: `${repo.repo}'s README has no section \`#${anchor}\``, fix: suggestion('use one of its sections', anchor, Object.keys(repo.readme), '#') },
    };
  };

  if (!kind) return readmeSection();
  if (kind !== 'blob' && kind !== 'tree') return { source: repo.repo };
  if (branch !== repo.branch) {
    return {
      source: repo.repo,
      problem: {
        message: `${repo.repo} is catalogued on branch \`${repo.branch}\`, not \`${branch ?? ''}\``,
        fix: `link to https://github.com/${repo.repo}/${kind}/${repo.branch}/${path}`,
      },
    };
  }
  if (path === 'README.md' || path === '') return readmeSection();
  if (repo.files[path] !== undefined) return { source: repo.repo, title: repo.files[path] };
  return {
    source: repo.repo,
    problem: { message: `${repo.repo} has no file \`${path}\``, fix: suggestion('link to one of its files', path, Object.keys(repo.files)) },
  };
}

/** Every link of a slide that points into a catalogued repository at something missing is an error. */
export function checkRecipeLinks(links: readonly FoundLink[], describe: LinkDescriber, at: At, diagnostics: DiagnosticList): void {
  for (const link of links) {
    const report = describe(link.href);
    if (report.problem) diagnostics.error({ ...at(link.offset), ...report.problem });
  }
}

function sameUrl(a: string, b: string): boolean {
  const strip = (u: string) => u.replace(/\/+$/, '');
  return strip(a) === strip(b);
}

function suggestion(what: string, wrong: string, choices: string[], prefix = ''): string {
  const closest = closestMatch(wrong, choices);
  return closest === undefined ? `${what}; the catalog lists none` : `${what}: did you mean \`${prefix}${closest}\`?`;
}
