/**
 * Writes a workshop of about `slides` slides into a folder: a manifest in parts, chapters of 25
 * slides with headings, lists, code, `--` steps, notes, exercises and links, as a big
 * container.training deck has. Used by the authoring benchmarks; prints the folder when run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface GeneratedDeck {
  folder: string;
  manifest: string;
  chapters: string[];
  /** Slides the loader should model (title, contents and chapter slides, steps included). */
  slides: number;
}

const slidesPerChapter = 25;

function chapterMarkdown(chapter: number): { text: string; slides: number } {
  const out: string[] = [`# Chapter ${chapter}: working with resource set ${chapter}`, '', '???', 'Welcome everyone to this part.'];
  let slides = 1;
  for (let s = 1; slides < slidesPerChapter; s++) {
    out.push('', '---', '');
    switch (s % 5) {
      case 0:
        out.push(`## Exercise ${chapter}.${s}`, '', '.exercise[', `- Create the deployment \`web-${s}\` and scale it`, '- [DENY all traffic to an application](https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/01-deny-all-traffic-to-an-application.md)', ']');
        break;
      case 1:
        out.push(`## Concepts ${chapter}.${s}`, '', '- Pods run one or more containers', '- A *deployment* keeps replicas running', '', '--', '', '- A **service** gives them a stable address', `- See [the earlier slide](#chapter-${chapter})`);
        slides += 1;
        break;
      case 2:
        out.push('class: extra-details', '', `## Under the hood ${chapter}.${s}`, '', '```bash', `kubectl get pods -l app=web-${s} -o wide`, 'kubectl describe deployment web', '```', '', '???', 'Mention the labels.');
        break;
      case 3:
        // A complete manifest: the loader checks Kubernetes YAML (src/core/kubernetes/).
        out.push(`## Manifests ${chapter}.${s}`, '', '```yaml', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: web-${s}`, 'spec:', '  replicas: 3',
          `  selector: {matchLabels: {app: web-${s}}}`, '  template:', `    metadata: {labels: {app: web-${s}}}`, '    spec:', '      containers:', '      - {name: web, image: "nginx:1.27"}', '```');
        break;
      default:
        out.push(`## Notes ${chapter}.${s}`, '', `.small[Read more in the [documentation](https://kubernetes.io/docs/concepts/${s}/).]`, '', '1. First step', '2. Second step with `code`', '3. Third step');
    }
    slides += 1;
  }
  return { text: out.join('\n') + '\n', slides };
}

/** Writes a deck of at least `slides` slides; returns where it is. */
export function generateDeck(slides = 1000, folder = mkdtempSync(path.join(tmpdir(), 'deck-bench-'))): GeneratedDeck {
  mkdirSync(folder, { recursive: true });
  const chapterCount = Math.ceil((slides - 4) / slidesPerChapter);
  const chapters: string[] = [];
  let total = 0;
  for (let c = 1; c <= chapterCount; c++) {
    const name = `chapter-${String(c).padStart(3, '0')}.md`;
    const { text, slides: count } = chapterMarkdown(c);
    writeFileSync(path.join(folder, name), text);
    chapters.push(name);
    total += count;
  }
  const parts: string[] = [];
  for (let p = 0; p < chapters.length; p += 8) {
    parts.push(`  - part: Part ${p / 8 + 1}`, '    chapters:', ...chapters.slice(p, p + 8).map((c) => `      - ${c}`));
  }
  writeFileSync(path.join(folder, 'recipes.yml'), [
    'github:',
    '  - repo: ahmetb/kubernetes-network-policy-recipes',
    '    branch: master',
    '    files:',
    '      01-deny-all-traffic-to-an-application.md: DENY all traffic to an application',
    '',
  ].join('\n'));
  const manifest = path.join(folder, 'workshop.yml');
  writeFileSync(manifest, ['title: Generated workshop', 'catalog: recipes.yml', 'chapters:', ...parts, ''].join('\n'));
  const tocLines = chapters.length + Math.ceil(chapters.length / 8);
  return { folder, manifest, chapters, slides: 1 + Math.ceil(tocLines / 9) + total };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const deck = generateDeck(Number(process.argv[2] ?? 1000), process.argv[3]);
  console.log(`${deck.manifest}: ${deck.slides} slides in ${deck.chapters.length} chapters`);
}
