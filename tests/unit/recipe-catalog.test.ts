/** The recipe catalog: problems at the line they are on, and "did you mean" from one ranking. */
import { describe, expect, it } from 'vitest';
import { closestMatch } from '../../src/core/closest-match.ts';
import { DiagnosticList } from '../../src/core/diagnostics.ts';
import { describeRecipeLink, linkDescriber, parseRecipeCatalog } from '../../src/core/recipe-catalog.ts';

describe('parseRecipeCatalog', () => {
  it('reports each problem at the line of the entry it is about', () => {
    const text = [
      'github:', //                                  1
      '  - repo: ahmetb/kubernetes-network-policy-recipes',
      '    files:',
      '      01-deny.md: DENY',
      '  - repo: not a repository', //                5
      '    branch: main',
      '  - branch: main', //                          7 (no repo at all)
      'pages:',
      '  - url: https://example.org/guide', //       9 (no title)
      '  - url: https://example.org/ok',
      '    title: OK',
      '',
    ].join('\n');
    const diagnostics = new DiagnosticList();
    const catalog = parseRecipeCatalog('recipes.yml', text, diagnostics);
    expect(diagnostics.items.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '5:11 a github entry has no valid `repo: owner/name`',
      '7:5 a github entry has no valid `repo: owner/name`',
      '9:5 a page entry needs both `url` and `title`',
    ]);
    expect(catalog.github.map((r) => r.repo)).toEqual(['ahmetb/kubernetes-network-policy-recipes']);
    expect(catalog.pages).toEqual([{ url: 'https://example.org/ok', title: 'OK' }]);
  });

  it('refuses a list that is not a list, and titles that are not text, where they are written', () => {
    const diagnostics = new DiagnosticList();
    parseRecipeCatalog('recipes.yml', 'github:\n  - repo: a/b\n    files:\n      x.md: [1, 2]\npages: nope\n', diagnostics);
    expect(diagnostics.items.map((d) => `${d.line}:${d.column}`)).toEqual(['4:7', '5:8']);
  });
});

describe('links against the catalog', () => {
  const diagnostics = new DiagnosticList();
  const catalog = parseRecipeCatalog(
    'recipes.yml',
    'github:\n  - repo: ahmetb/kubernetes-network-policy-recipes\n    readme:\n      create-a-cluster: Create a cluster\n    files:\n      14-deny-external-egress-traffic.md: DENY external egress traffic\n      01-deny-all-traffic-to-an-application.md: DENY all traffic\n',
    diagnostics,
  );

  it('names the closest file and section', () => {
    const base = 'https://github.com/ahmetb/kubernetes-network-policy-recipes';
    expect(describeRecipeLink(catalog, `${base}/blob/master/13-deny.md`).problem?.fix).toContain('did you mean `14-deny-external-egress-traffic.md`?');
    expect(describeRecipeLink(catalog, `${base}#create-cluster`).problem?.fix).toContain('did you mean `#create-a-cluster`?');
    expect(describeRecipeLink(catalog, `${base}/blob/master/14-deny-external-egress-traffic.md`)).toEqual({
      source: 'ahmetb/kubernetes-network-policy-recipes',
      title: 'DENY external egress traffic',
    });
  });

  it('remembers answers per describer, never across catalogs', () => {
    const describe = linkDescriber(catalog);
    const href = 'https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/nope.md';
    expect(describe(href)).toBe(describe(href));
    expect(linkDescriber(catalog)(href)).not.toBe(describe(href));
  });
});

describe('closestMatch', () => {
  it('ranks shared words first, then edit distance', () => {
    const files = ['01-deny-all-traffic-to-an-application.md', '14-deny-external-egress-traffic.md', '02a-allow-all-traffic.md'];
    expect(closestMatch('13-deny-external-egress.md', files)).toBe('14-deny-external-egress-traffic.md');
    expect(closestMatch('in-persn', ['in-person', 'self-paced'])).toBe('in-person');
  });

  it('names nothing far off when asked to be strict, and nothing from no choices', () => {
    expect(closestMatch('zzz', ['in-person', 'self-paced'], { maxDistance: 2 })).toBeUndefined();
    expect(closestMatch('anything', [])).toBeUndefined();
  });
});
