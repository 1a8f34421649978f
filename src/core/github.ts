/**
 * GitHub as exercise links meet it: what a github.com address points at, and the anchors GitHub
 * gives a rendered Markdown file's headings, so that links to README sections can be checked
 * offline against the recipe catalog and online against the live README.
 */

/** What a `https://github.com/...` address points at. */
export interface GithubAddress {
  /** `owner/name`. */
  repo: string;
  /** `blob` (a file) or `tree` (a folder) when the address goes past the repository; otherwise absent. */
  kind?: string;
  branch?: string;
  /** Path inside the repository, `''` for its root. */
  path: string;
  /** The `#section`, decoded, without `#`; `''` when none. */
  anchor: string;
}

/** `undefined` for anything that is not a github.com address naming a repository. */
export function parseGithubAddress(href: string): GithubAddress | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.hostname !== 'github.com') return undefined;
  const [owner, name, kind, branch, ...rest] = url.pathname.split('/').filter(Boolean);
  if (!owner || !name) return undefined;
  let anchor = url.hash.slice(1);
  try {
    anchor = decodeURIComponent(anchor);
  } catch {
    // A stray `%`: the anchor as written.
  }
  return { repo: `${owner}/${name}`, kind, branch, path: rest.join('/'), anchor };
}

/** GitHub's slug for a heading's text: lower case, punctuation dropped, spaces to `-`. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a Markdown file: heading slugs (repeats get `-1`, `-2`) and HTML ids and names. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  const addHeading = (text: string) => {
    const plain = text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, (c) => (c === '_' ? '_' : ''));
    const slug = githubSlug(plain);
    const seen = counts.get(slug) ?? 0;
    counts.set(slug, seen + 1);
    anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
  };
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMark) {
      if (!fence) fence = fenceMark[1][0];
      else if (fenceMark[1][0] === fence) fence = undefined;
      return;
    }
    if (fence) return;
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) addHeading(atx[1]);
    else if (/^ {0,3}(=+|-+)[ \t]*$/.test(line) && i > 0 && lines[i - 1].trim() && !/^ {0,3}([-*+]|#)/.test(lines[i - 1])) addHeading(lines[i - 1].trim());
    for (const m of line.matchAll(/<a\s[^>]*(?:name|id)=["']([^"']+)["']/gi)) anchors.add(m[1]);
  });
  return anchors;
}
