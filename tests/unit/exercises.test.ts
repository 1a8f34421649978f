/** `.exercise[` and `.lab[` become callouts with a link card per distinct link. */
import { describe, expect, it } from 'vitest';
import { buildChapters, remarkSlides } from './deck-fixture.js';

const zonca = 'https://zonca.github.io/2017/12/scalable-jupyterhub-kubernetes-jetstream.html';
const denyAll = 'https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/01-deny-all-traffic-to-an-application.md';
const spark = 'https://github.com/RyaxTech/kube-tutorial#3-execute-big-data-job-with-spark-on-the-kubernetes-cluster';
const teardown = 'https://github.com/RyaxTech/kube-tutorial#7-teardown-the-aws-deployment';

const practice = [
  '# Practice', // 1
  '',
  '---',
  '',
  '## Exercise', // 5
  '',
  '.exercise[',
  `- Read [the JupyterHub post](${zonca})`,
  `- Apply [deny all](${denyAll}) with \`kubectl apply\``,
  `- Run [Spark](${spark})`, // 10
  `- Then [deny all again](${denyAll})`,
  ']',
  '',
  '---',
  '', // 15
  '## Lab',
  '',
  '.lab.wide[',
  `Clean up: [teardown](${teardown}).`,
  ']', // 20
  '',
  '--',
  '',
  'Done?',
].join('\n');

/** The anchor a link card is rendered as. */
const card = (href: string, source: string, title: string) =>
  `<a class="link-card" href="${href}" target="_blank" rel="noopener noreferrer">` +
  `<span class="link-card-source">${source}</span><span class="link-card-title">${title}</span></a>`;

describe('exercise callouts', () => {
  const build = buildChapters({ 'a.md': practice });
  const source = build.source ?? '';

  it('build without findings', () => {
    expect(build.diagnostics).toEqual([]);
  });

  it('render `.exercise[` with its label, its body (links as text) and one card per distinct link', () => {
    const expected = [
      '.exercise[',
      '.callout-label[Exercise]',
      '',
      '- Read the JupyterHub post',
      '- Apply deny all with `kubectl apply`',
      '- Run Spark',
      '- Then deny all again',
      '',
      '.link-cards[',
      card(zonca, 'zonca.github.io', 'Deploy scalable JupyterHub with Kubernetes on Jetstream'),
      card(denyAll, 'ahmetb/kubernetes-network-policy-recipes', 'DENY all traffic to an application'),
      card(spark, 'RyaxTech/kube-tutorial', '3. Execute Big Data job with Spark on the Kubernetes Cluster'),
      ']',
      ']',
    ].join('\n');
    expect(source).toContain(expected);
    // Each link reads once: as its card, never also inline.
    expect(source.split(`href="${denyAll}"`)).toHaveLength(2);
    expect(source).not.toContain(`](${denyAll})`);
  });

  it('render `.lab[` as a Lab callout, keeping its extra classes', () => {
    const expected = [
      '.lab.wide[',
      '.callout-label[Lab]',
      '',
      'Clean up: teardown.',
      '',
      '.link-cards[',
      card(teardown, 'RyaxTech/kube-tutorial', '7. Teardown the AWS deployment'),
      ']',
      ']',
    ].join('\n');
    expect(source).toContain(expected);
  });

  it('render as nested content classes in remark', () => {
    type Part = string | { class: string; content: Part[] };
    const classes = (content: Part[]): string[] =>
      content.flatMap((part) => (typeof part === 'string' ? [] : [part.class, ...classes(part.content)]));
    const slides = remarkSlides(source);
    expect(slides).toHaveLength(build.deck?.slides.length ?? -1);
    expect(classes(slides[3].content as Part[])).toEqual(['exercise', 'callout-label', 'link-cards']);
    expect(classes(slides[4].content as Part[])).toEqual(['lab wide', 'callout-label', 'link-cards']);
  });

  it('are listed in the model with chapter, slide and source', () => {
    const exercises = build.deck?.exercises ?? [];
    expect(exercises.map(({ index, kind, chapter, slide, source }) => ({ index, kind, chapter, slide, source }))).toEqual([
      { index: 0, kind: 'exercise', chapter: 0, slide: 3, source: { file: 'a.md', line: 7, endLine: 12 } },
      { index: 1, kind: 'lab', chapter: 0, slide: 4, source: { file: 'a.md', line: 18, endLine: 20 } },
    ]);
    expect(exercises[0].links.map((l) => [l.href, l.label, l.source, l.title])).toEqual([
      [zonca, 'the JupyterHub post', 'zonca.github.io', 'Deploy scalable JupyterHub with Kubernetes on Jetstream'],
      [denyAll, 'deny all', 'ahmetb/kubernetes-network-policy-recipes', 'DENY all traffic to an application'],
      [spark, 'Spark', 'RyaxTech/kube-tutorial', '3. Execute Big Data job with Spark on the Kubernetes Cluster'],
    ]);
    expect(exercises[1].markdown).toBe(`Clean up: [teardown](${teardown}).`);
    expect(build.deck?.chapters[0].exercises).toEqual([0, 1]);
    const slides = build.deck?.slides ?? [];
    expect(slides[3].exercises).toEqual([0]);
    // The `--` step after the lab still shows it.
    expect(slides[5]).toMatchObject({ step: 1, exercises: [1] });
  });

  it('fall back to the link text, or the URL, outside the catalog', () => {
    const other = buildChapters({
      'a.md': ['# A', '', '.exercise[', '- [The *docs*](https://kubernetes.io/docs/)', '- <https://example.com/x_y>', ']'].join('\n'),
    });
    expect(other.deck?.exercises[0].links.map((l) => [l.source, l.title])).toEqual([
      ['kubernetes.io', 'The *docs*'],
      ['example.com', 'https://example.com/x_y'],
    ]);
    // Emphasis markers are escaped so marked does not read them inside the card.
    expect(other.source).toContain('<span class="link-card-title">The &#42;docs&#42;</span>');
    // The body keeps the link's text, with its Markdown; a URL shown as text cannot become a link again.
    expect(other.source).toContain('- The *docs*\n- https&#58;//example.com/x_y\n');
  });

  it('keep in the body the links that get no card, and cut the carded ones wherever they are', () => {
    const mixed = buildChapters({
      'a.md': [
        '# A',
        '',
        '## B',
        '',
        '.exercise[',
        `See [the slide](#b), [the \`recipe\`](${denyAll}) and, again, [here](${denyAll}); bare: ${teardown}`,
        ']',
      ].join('\n'),
    });
    expect(mixed.source).toContain(`See [the slide](#b), the \`recipe\` and, again, here; bare: https&#58;//github.com/RyaxTech/kube-tutorial#7-teardown-the-aws-deployment\n`);
    expect(mixed.deck?.exercises[0].links.map((l) => l.href)).toEqual([denyAll, teardown]);
    // What the exercise says is kept as written, for the handout's list of exercises.
    expect(mixed.deck?.exercises[0].markdown).toContain(`[here](${denyAll})`);
  });
});
