/**
 * The corpus of realistic decks in tests/fixtures/corpus/ (tests/browser/corpus.spec.ts renders
 * them): what the loader makes of each, slide by slide, pinned whole. A change in any rule of
 * container.training's builder, of remark's split or of the variants shows here as a diff.
 * Each line is `kind file:line [+step] title`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeckBuild } from '../../src/core/deck.js';
import { loadDeck } from '../../src/node/load-deck.js';
import { remarkSlides } from './deck-fixture.js';

const corpus = 'tests/fixtures/corpus';

/** The slide list as `kind file:line [+step] title`, files relative to the manifest's folder. */
function slideList(build: DeckBuild, folder: string): string[] {
  const prefix = path.join(corpus, folder) + path.sep;
  return build.deck!.slides.map((s) => `${s.kind} ${s.source.file.slice(prefix.length)}:${s.source.line}${s.step ? ` +${s.step}` : ''}${s.title ? ` ${s.title}` : ''}`);
}

/** Fence languages of every Markdown file under a folder. */
function fenceLanguages(folder: string): Set<string> {
  const languages = new Set<string>();
  for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.md')) continue;
    for (const match of readFileSync(path.join(folder, entry), 'utf8').matchAll(/^\s*```(\w+)/gm)) languages.add(match[1]);
  }
  return languages;
}

/** The corpus keeps one ```hcl block: authors write it, and highlight.js 11 has no grammar for it. */
const hclHasNoGrammar = expect.objectContaining({
  severity: 'warning',
  file: 'tests/fixtures/corpus/container-training/k8s/configuration.md',
  line: 74,
  message: 'highlight.js has no language `hcl`, so this block shows unhighlighted',
});

describe('the container.training corpus deck, in person (kube-fullday.yml)', () => {
  const build = loadDeck(path.join(corpus, 'container-training/kube-fullday.yml'));

  it('builds with one finding only, in container.training style: highlight.js has no HCL grammar', () => {
    expect(build.diagnostics).toEqual([hclHasNoGrammar]);
    expect(build.deck!.style).toBe('container.training');
  });

  it('shows its slides in its builder\'s order: self-paced ones left out with their steps, a picture and a title slide before each section', () => {
    expect(slideList(build, 'container-training')).toEqual([
      'content shared/title.md:8',
      'content logistics.md:1 Intros',
      'content logistics.md:12 +1 Intros',
      'content shared/about-slides.md:1 About these slides',
      'content shared/about-slides.md:16 +1 About these slides',
      'content shared/about-slides.md:22 Extra details',
      'toc shared/toc.md:1 Part 1',
      'toc shared/toc.md:1 Part 2',
      'toc shared/toc.md:1 Part 3',
      'content kube-fullday.yml:24',
      'content interstitials.txt:1',
      'chapter-title shared/prereqs.md:1 Pre-requirements',
      'content shared/prereqs.md:1 Pre-requirements',
      'content shared/prereqs.md:22',
      'content shared/prereqs.md:36 Hands-on sections',
      'content shared/prereqs.md:56 Where are we going to run our containers?',
      'content shared/prereqs.md:62',
      'content shared/prereqs.md:68 You get a cluster of cloud VMs',
      'content shared/prereqs.md:82 +1 You get a cluster of cloud VMs',
      'content interstitials.txt:2',
      'chapter-title shared/connecting.md:1 Connecting to our lab environment',
      'content shared/connecting.md:1 Connecting to our lab environment',
      'content shared/connecting.md:24 Getting the workshop\'s files',
      'content shared/connecting.md:42 Terminals',
      'content interstitials.txt:4',
      'chapter-title k8s/concepts-k8s.md:1 Kubernetes concepts',
      'content k8s/concepts-k8s.md:1 Kubernetes concepts',
      'content k8s/concepts-k8s.md:8 +1 Kubernetes concepts',
      'content k8s/concepts-k8s.md:12 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:16 +1 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:20 +2 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:24 +3 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:28 +4 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:32',
      'content k8s/concepts-k8s.md:38 Kubernetes architecture: the nodes',
      'content k8s/concepts-k8s.md:52 +1 Kubernetes architecture: the nodes',
      'content k8s/concepts-k8s.md:76 Interacting with Kubernetes',
      'content interstitials.txt:1',
      'chapter-title k8s/concepts-k8s.md:95 Declarative vs imperative',
      'content k8s/concepts-k8s.md:94 Declarative vs imperative',
      'content k8s/concepts-k8s.md:108 +1 Declarative vs imperative',
      'content k8s/concepts-k8s.md:112 +2 Declarative vs imperative',
      'content interstitials.txt:2',
      'chapter-title k8s/kubectlget.md:1 First contact with `kubectl`',
      'content k8s/kubectlget.md:1 First contact with `kubectl`',
      'content k8s/kubectlget.md:16 `kubectl get`',
      'content k8s/kubectlget.md:38 Obtaining machine-readable output',
      'content k8s/kubectlget.md:59 (Ab)using `kubectl` and `jq`',
      'content k8s/kubectlget.md:79 What\'s available?',
      'content k8s/kubectlget.md:97 +1 What\'s available?',
      'content k8s/kubectlget.md:104 Services',
      'content k8s/kubectlget.md:120 +1 Services',
      'content interstitials.txt:4',
      'chapter-title containers/building-images.md:1 Building images for our app',
      'content containers/building-images.md:1 Building images for our app',
      'content containers/building-images.md:14 The `hasher` service',
      'content containers/building-images.md:36 The `rng` service',
      'content containers/building-images.md:55 The `webui` app',
      'content containers/building-images.md:75 The `webui` page',
      'content containers/building-images.md:89 A multi-stage `Dockerfile`',
      'content containers/building-images.md:105 +1 A multi-stage `Dockerfile`',
      'content containers/building-images.md:111 Building everything',
      'content containers/building-images.md:130 Building and pushing',
      'content interstitials.txt:1',
      'chapter-title k8s/yamldeploy.md:1 Deploying with YAML',
      'content k8s/yamldeploy.md:1 Deploying with YAML',
      'content k8s/yamldeploy.md:14 `kubectl apply` vs `create`',
      'content k8s/yamldeploy.md:32 A Deployment manifest',
      'content k8s/yamldeploy.md:40',
      'content k8s/yamldeploy.md:64 Applying it',
      'content k8s/yamldeploy.md:82 What changed?',
      'content k8s/yamldeploy.md:97 +1 What changed?',
      'content k8s/yamldeploy.md:106 Server-side apply',
      'content k8s/yamldeploy.md:116 +1 Server-side apply',
      'content interstitials.txt:2',
      'chapter-title k8s/configuration.md:1 Managing configuration',
      'content k8s/configuration.md:1 Managing configuration',
      'content k8s/configuration.md:16 Configuration files',
      'content k8s/configuration.md:31 Configuration files, continued',
      'content k8s/configuration.md:46 Putting a file in a ConfigMap',
      'content k8s/configuration.md:69 Infrastructure as code',
      'content k8s/configuration.md:87 Where does the data go?',
      'content k8s/configuration.md:106 Environment variables',
      'content interstitials.txt:4',
      'chapter-title kube-fullday.yml:39 Going further',
      'content kube-fullday.yml:39 Going further',
      'content interstitials.txt:1',
      'chapter-title k8s/netpol.md:1 Network policies',
      'content k8s/netpol.md:1 Network policies',
      'content k8s/netpol.md:10 +1 Network policies',
      'content k8s/netpol.md:16 Denying all ingress traffic',
      'content k8s/netpol.md:40 Our cluster\'s plugin',
      'content shared/thankyou.md:6',
    ]);
    expect(remarkSlides(build.source!)).toHaveLength(build.deck!.slides.length);
  });

  it('numbers three parts, the inline Markdown one included, each with its contents slide', () => {
    expect(build.deck!.toc.map((part) => [part.title, part.children.map((c) => c.title)])).toEqual([
      ['Part 1', ['Pre-requirements', 'Connecting to our lab environment', 'Kubernetes concepts', 'Declarative vs imperative', 'First contact with `kubectl`']],
      ['Part 2', ['Building images for our app', 'Deploying with YAML', 'Managing configuration']],
      ['Part 3', ['Going further', 'Network policies']],
    ]);
    expect(build.deck!.slides.filter((s) => s.kind === 'toc').map((s) => s.name)).toEqual(['toc-part-1', 'toc-part-2', 'toc-part-3']);
  });

  it('puts the manifest\'s values in, code included', () => {
    const source = build.source!;
    expect(source).toContain('  git clone https://github.com/example/k8s-workshop\n');
    expect(source).toContain('- Questions during the workshop: [Matrix](https://matrix.to/#/#k8s-workshop:example.org)\n');
    expect(source).toContain('- An archive of the slides, to read offline: https://k8s-workshop.example.org/slides.zip\n');
    expect(source).toContain('- The manifest on the next slide is [k8s/hasher.yaml](https://github.com/example/k8s-workshop/tree/master/k8s/hasher.yaml)\n');
    expect(source).not.toMatch(/@@[A-Z]/);
  });

  it('ships its pictures, those of interstitials.txt included', () => {
    expect(build.deck!.assets.map((a) => a.path).sort()).toEqual([
      'images/end.png',
      'images/interstitials/container-ship.png',
      'images/interstitials/cranes.png',
      'images/interstitials/harbor.png',
      'images/k8s-arch.png',
      'images/you-get-a-cluster.png',
    ]);
  });

  it('has code in every language the issue names', () => {
    const wanted = ['bash', 'yaml', 'json', 'dockerfile', 'go', 'python', 'javascript', 'typescript', 'console', 'shell', 'text', 'plaintext', 'diff', 'ini', 'toml', 'hcl', 'sql', 'makefile', 'nginx'];
    expect([...fenceLanguages(path.join(corpus, 'container-training'))].sort()).toEqual([...wanted].sort());
  });
});

describe('the container.training corpus deck, self-paced (kube-selfpaced.yml)', () => {
  const build = loadDeck(path.join(corpus, 'container-training/kube-selfpaced.yml'));

  it('shows the self-paced slides and leaves out the in-person ones with their steps', () => {
    expect(build.diagnostics).toEqual([hclHasNoGrammar]);
    expect(slideList(build, 'container-training')).toEqual([
      'content shared/title.md:1',
      'content shared/about-slides.md:1 About these slides',
      'content shared/about-slides.md:16 +1 About these slides',
      'content shared/about-slides.md:22 Extra details',
      'toc shared/toc.md:1 Part 1',
      'toc shared/toc.md:1 Part 2',
      'toc shared/toc.md:1 Part 3',
      'content interstitials.txt:1',
      'chapter-title shared/prereqs.md:1 Pre-requirements',
      'content shared/prereqs.md:1 Pre-requirements',
      'content shared/prereqs.md:22',
      'content shared/prereqs.md:36 Hands-on sections',
      'content shared/prereqs.md:86 Get your own cluster',
      'content shared/prereqs.md:101 +1 Get your own cluster',
      'content interstitials.txt:2',
      'chapter-title shared/connecting.md:1 Connecting to our lab environment',
      'content shared/connecting.md:1 Connecting to our lab environment',
      'content shared/connecting.md:24 Getting the workshop\'s files',
      'content shared/connecting.md:42 Terminals',
      'content interstitials.txt:4',
      'chapter-title k8s/concepts-k8s.md:1 Kubernetes concepts',
      'content k8s/concepts-k8s.md:1 Kubernetes concepts',
      'content k8s/concepts-k8s.md:8 +1 Kubernetes concepts',
      'content k8s/concepts-k8s.md:12 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:16 +1 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:20 +2 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:24 +3 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:28 +4 Basic things we can ask Kubernetes to do',
      'content k8s/concepts-k8s.md:32',
      'content k8s/concepts-k8s.md:38 Kubernetes architecture: the nodes',
      'content k8s/concepts-k8s.md:52 +1 Kubernetes architecture: the nodes',
      'content k8s/concepts-k8s.md:62 Do we need to run Docker at all?',
      'content k8s/concepts-k8s.md:70 +1 Do we need to run Docker at all?',
      'content k8s/concepts-k8s.md:76 Interacting with Kubernetes',
      'content interstitials.txt:1',
      'chapter-title k8s/concepts-k8s.md:95 Declarative vs imperative',
      'content k8s/concepts-k8s.md:94 Declarative vs imperative',
      'content k8s/concepts-k8s.md:108 +1 Declarative vs imperative',
      'content k8s/concepts-k8s.md:112 +2 Declarative vs imperative',
      'content interstitials.txt:2',
      'chapter-title k8s/kubectlget.md:1 First contact with `kubectl`',
      'content k8s/kubectlget.md:1 First contact with `kubectl`',
      'content k8s/kubectlget.md:16 `kubectl get`',
      'content k8s/kubectlget.md:38 Obtaining machine-readable output',
      'content k8s/kubectlget.md:59 (Ab)using `kubectl` and `jq`',
      'content k8s/kubectlget.md:79 What\'s available?',
      'content k8s/kubectlget.md:97 +1 What\'s available?',
      'content k8s/kubectlget.md:104 Services',
      'content k8s/kubectlget.md:120 +1 Services',
      'content interstitials.txt:4',
      'chapter-title containers/building-images.md:1 Building images for our app',
      'content containers/building-images.md:1 Building images for our app',
      'content containers/building-images.md:14 The `hasher` service',
      'content containers/building-images.md:36 The `rng` service',
      'content containers/building-images.md:55 The `webui` app',
      'content containers/building-images.md:75 The `webui` page',
      'content containers/building-images.md:89 A multi-stage `Dockerfile`',
      'content containers/building-images.md:105 +1 A multi-stage `Dockerfile`',
      'content containers/building-images.md:111 Building everything',
      'content containers/building-images.md:130 Building and pushing',
      'content interstitials.txt:1',
      'chapter-title k8s/yamldeploy.md:1 Deploying with YAML',
      'content k8s/yamldeploy.md:1 Deploying with YAML',
      'content k8s/yamldeploy.md:14 `kubectl apply` vs `create`',
      'content k8s/yamldeploy.md:32 A Deployment manifest',
      'content k8s/yamldeploy.md:40',
      'content k8s/yamldeploy.md:64 Applying it',
      'content k8s/yamldeploy.md:82 What changed?',
      'content k8s/yamldeploy.md:97 +1 What changed?',
      'content k8s/yamldeploy.md:106 Server-side apply',
      'content k8s/yamldeploy.md:116 +1 Server-side apply',
      'content interstitials.txt:2',
      'chapter-title k8s/configuration.md:1 Managing configuration',
      'content k8s/configuration.md:1 Managing configuration',
      'content k8s/configuration.md:16 Configuration files',
      'content k8s/configuration.md:31 Configuration files, continued',
      'content k8s/configuration.md:46 Putting a file in a ConfigMap',
      'content k8s/configuration.md:69 Infrastructure as code',
      'content k8s/configuration.md:87 Where does the data go?',
      'content k8s/configuration.md:106 Environment variables',
      'content interstitials.txt:4',
      'chapter-title k8s/netpol.md:1 Network policies',
      'content k8s/netpol.md:1 Network policies',
      'content k8s/netpol.md:10 +1 Network policies',
      'content k8s/netpol.md:16 Denying all ingress traffic',
      'content k8s/netpol.md:50 Installing a plugin',
      'content shared/thankyou.md:1',
    ]);
    expect(remarkSlides(build.source!)).toHaveLength(build.deck!.slides.length);
  });
});

describe('the plain remark corpus deck (style: remark)', () => {
  const build = loadDeck(path.join(corpus, 'remark/deck.yml'));

  it('shows its slides exactly as written: layouts hidden, nothing generated', () => {
    expect(build.diagnostics).toEqual([]);
    expect(build.deck!.style).toBe('remark');
    expect(slideList(build, 'remark')).toEqual([
      'content slides.md:6 Git for the impatient',
      'content slides.md:19 Agenda',
      'content slides.md:28',
      'content slides.md:47',
      'content slides.md:67 The three trees',
      'content slides.md:81 Staging and committing',
      'content slides.md:92 +1 Staging and committing',
      'content slides.md:99 +2 Staging and committing',
      'content slides.md:105 Branches',
      'content slides.md:125 Merge or rebase?',
      'content slides.md:141 Working with others',
      'content slides.md:156 Questions?',
    ]);
    expect(remarkSlides(build.source!)).toHaveLength(build.deck!.slides.length);
    expect(build.source).toBe(readFileSync(path.join(corpus, 'remark/slides.md'), 'utf8').replace(/\n$/, ''));
  });

  it('keeps the properties remark reads: names, templates, classes, backgrounds, count', () => {
    const slides = build.deck!.slides;
    expect(slides[0]).toMatchObject({ name: 'title', properties: { 'background-image': 'url(images/cover.jpg)' } });
    expect(slides[3].properties).toMatchObject({ template: 'why' });
    expect(slides[7].properties).toMatchObject({ count: 'false' });
    expect(slides[11].classes).toEqual(['center', 'middle']);
    expect(build.deck!.assets.map((a) => a.path)).toEqual(['images/cover.jpg', 'images/diagram.png']);
  });
});
