/**
 * Chapters an attendee, a bad paste or a stray byte can produce, each made of one pattern
 * repeated to a given size: what made remark's regular expressions (and the loader's own,
 * once) take time growing with the square or the cube of the size. The loader must lint each
 * in linear time; bench/pathological.ts measures them.
 */
export const pathologicalPatterns: Record<string, (size: number) => string> = {
  'open brackets': (n) => '['.repeat(n),
  'close brackets': (n) => ']'.repeat(n),
  backticks: (n) => '`'.repeat(n),
  'backticks mid-line': (n) => 'x ' + '`'.repeat(n),
  'backtick pairs': (n) => '`a'.repeat(n / 2),
  'unclosed classes `.a[`': (n) => '.a['.repeat(n / 3),
  'class chain `.a.a.a`': (n) => '.a'.repeat(n / 2),
  'nested classes `.a[.b[...]]`': (n) => '.a['.repeat(n / 6) + 'x' + ']'.repeat(n / 6),
  'unclosed macros `![:`': (n) => '![:'.repeat(n / 3),
  'unclosed images `![a](`': (n) => '![a]('.repeat(n / 5),
  'links `[a](b`': (n) => '[a](b'.repeat(n / 5),
  'angle brackets `<`': (n) => '<'.repeat(n),
  'autolinks `<http://`': (n) => '<http://'.repeat(n / 8),
  '`<img ` tags': (n) => '<img '.repeat(n / 5),
  'quoted `<img src="`': (n) => '<img src="'.repeat(n / 10),
  'stars `*`': (n) => '*'.repeat(n),
  'underscores `_`': (n) => '_'.repeat(n),
  'long line of words': (n) => 'word '.repeat(n / 5),
  'fence lines ```': (n) => '```\n'.repeat(n / 4),
  'fence openers ```js': (n) => '```js\n'.repeat(n / 6),
  'long fence ~~~~': (n) => '~'.repeat(n),
  'definition openers `[a`': (n) => '[a\n'.repeat(n / 3),
  'definition openers, one far `]: x y`': (n) => '[a\n'.repeat(n / 6) + ']: ' + 'x'.repeat(n / 2) + ' y',
  'long fences among short ones': (n) => '`````` x\n```\n```\n'.repeat(n / 18),
  'long fence openers, then short fences': (n) => '`````` x\n'.repeat(n / 18) + '```\n'.repeat(n / 8),
  'slides with inline code': (n) => '---\n`a`\n'.repeat(n / 8),
  'definitions `[a]: b "t`': (n) => '[a]: b "t\n'.repeat(n / 10),
  'separators ---': (n) => '---\n## S\n'.repeat(n / 10),
  'steps -- with notes': (n) => '--\n???\nnote\n'.repeat(n / 13),
  'empty lines': (n) => '\n'.repeat(n),
  'spaces': (n) => ' '.repeat(n),
  'property comments `<!-- a:`': (n) => '<!-- a:'.repeat(n / 7),
  'property lines': (n) => 'a: b\n'.repeat(n / 5),
  'substitutions `@@A[`': (n) => '@@A['.repeat(n / 4),
  'exercises with links': (n) => '.exercise[[a](https://example.org/a)]\n'.repeat(n / 38),
  'heading with spaces': (n) => '# T' + ' '.repeat(n) + 'x',
  'bare URLs': (n) => 'https://a.b/'.repeat(n / 12),
};

/**
 * Junk that container.training's builder rules read (linted with a container.training
 * manifest): every `# ` line a title and a slide of its own, `@@...@@` made in code too.
 */
export const containerTrainingPatterns: Record<string, (size: number) => string> = {
  'container.training: `# ` titles': (n) => '# T\n'.repeat(n / 4),
  'container.training: `# ` titles in a fence': (n) => '```\n' + '# T\n'.repeat(n / 4),
  'container.training: a `# ` title a slide': (n) => '---\n# T\n'.repeat(n / 8),
  'container.training: `@@LINK[` unclosed': (n) => '@@LINK['.repeat(n / 7),
  'container.training: `@@GITREPO@@`': (n) => '@@GITREPO@@'.repeat(n / 11),
  'container.training: `@@TOC@@` slides': (n) => '@@TOC@@\n---\n'.repeat(n / 12),
};

/** A chapter of about `size` characters: a title slide, then a slide of the pattern. */
export function pathologicalChapter(pattern: string, size: number): string {
  return `# Junk\n\n---\n\n${(pathologicalPatterns[pattern] ?? containerTrainingPatterns[pattern])(size)}\n`;
}
