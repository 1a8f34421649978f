/**
 * What the workshop's slides promise attendees, kept true: every manifest is a real file under
 * slides/manifests/, shown whole in one copyable block and valid for the Kubernetes the deck
 * teaches; commands for the laptop and commands typed in a pod never share a block; every shell
 * variable is set before a command uses it; the prerequisites come before the first exercise;
 * and the facts a Kubernetes trainer would correct stay corrected. Each rule is a function run on
 * the deck and on the slides it was written to catch, so a rule that stops seeing is a failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DiagnosticList } from '../../src/core/diagnostics.js';
import { groupOf, isBuiltInGroup } from '../../src/core/kubernetes/api-versions.js';
import { schemaBundle } from '../../src/core/kubernetes/schema.js';
import { checkKubernetesText } from '../../src/core/kubernetes/validate.js';
import { shellEvents } from '../../src/core/shell-scan.js';
import { checkShellVariables } from '../../src/core/shell-variables.js';
import { loadDeck } from '../../src/node/load-deck.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const slidesFolder = path.join(projectRoot, 'slides');
const manifestsFolder = path.join(slidesFolder, 'manifests');
const build = loadDeck(path.join(slidesFolder, 'workshop.yml'));
const deck = build.deck!;
const chapterFiles = build.files.filter((f) => f.endsWith('.md'));
const manifestFiles = readdirSync(manifestsFolder).filter((f) => f.endsWith('.yaml')).sort();
/** Helm values and tool configurations: YAML attendees copy that is not a Kubernetes API object. */
const notKubernetesObjects = new Set(['jupyterhub-values.yaml', 'jupyterhub-https-values.yaml', 'heat-scheduler-config.yaml']);

interface Block {
  slide: number;
  language: string;
  code: string;
  /** The last line of text above the block on its slide: where the slide says it runs. */
  label: string;
}

/** The fenced blocks attendees see, slide by slide in deck order (notes left out). */
function blocksOf(slideSources: readonly string[]): Block[] {
  return slideSources.flatMap((source, slide) => {
    const shown = source.split(/\n\?\?\?\n/)[0];
    return [...shown.matchAll(/^(`{3,})(\S*)\n([\s\S]*?)\n\1$/gm)].map((m) => {
      const above = shown.slice(0, m.index).split('\n').filter((l) => l.trim() && !/^\.\w+\[$/.test(l.trim()));
      return { slide, language: m[2], code: m[3], label: above[above.length - 1] ?? '' };
    });
  });
}

const isYaml = (b: Block) => b.language === 'yaml' || b.language === 'yml';
const isShell = (b: Block) => ['bash', 'sh', 'shell', 'console', 'zsh'].includes(b.language);

/** Rule (a): each YAML block is one whole document with no duplicate keys, a Kubernetes object unless it is a values file; no object shown twice. */
function splitOrDuplicatedManifests(blocks: readonly Block[], valuesFiles: readonly string[]): string[] {
  const problems: string[] = [];
  const shown = new Map<string, number>();
  for (const block of blocks.filter(isYaml)) {
    const where = `slide ${block.slide + 1}`;
    const docs = parseAllDocuments(block.code);
    if (docs.length !== 1) problems.push(`${where}: ${docs.length} YAML documents in one block`);
    for (const doc of docs) {
      for (const error of doc.errors) problems.push(`${where}: ${error.code}: ${error.message.split('\n')[0]}`);
      const root = doc.contents;
      const apiVersion = isMap(root) ? root.get('apiVersion') : undefined;
      const kind = isMap(root) ? root.get('kind') : undefined;
      if (/^\s/.test(block.code)) problems.push(`${where}: the block starts indented: a part of a manifest`);
      if (!apiVersion || !kind) {
        if (!valuesFiles.includes(block.code.trim())) problems.push(`${where}: YAML without apiVersion and kind that is no values file: a part of a manifest`);
        continue;
      }
      const metadata = isMap(root) ? root.get('metadata') : undefined;
      const name = isMap(metadata) ? String(metadata.get('name')) : '';
      const key = `${kind}/${name}`;
      if (shown.has(key)) problems.push(`${where}: ${key} is already shown on slide ${shown.get(key)! + 1}: two copy targets`);
      shown.set(key, block.slide);
    }
  }
  return problems;
}

/**
 * A command that leaves the attendee in a shell inside a pod: `kubectl run|exec|debug|attach`,
 * interactive (`-it`, `-i -t`, `--stdin --tty`), running a shell after `--`, or, for run, debug
 * and attach, nothing after `--` (the image's own command: a shell in alpine or busybox).
 */
function opensPodShell(command: string): boolean {
  const words = command.split(/\s+/);
  const verb = words.find((w) => ['run', 'exec', 'debug', 'attach'].includes(w));
  if (words[0] !== 'kubectl' || !verb) return false;
  const dashes = words.indexOf('--');
  const options = dashes < 0 ? words : words.slice(0, dashes);
  const has = (...flags: string[]) => flags.some((f) => options.includes(f));
  if (!has('-it', '-ti') && !(has('-i', '--stdin', '--stdin=true') && has('-t', '--tty', '--tty=true'))) return false;
  const program = dashes < 0 ? [] : words.slice(dashes + 1);
  if (program.length === 0) return verb !== 'exec';
  return /^(?:\/usr)?(?:\/bin\/)?(?:sh|bash|ash|zsh)$/.test(program[0]) && program.slice(1).every((w) => w === '-l' || w === '-i');
}
/** Commands that only make sense on the laptop, where kubectl and the tools are. */
const laptopCommand = /^(?:kubectl|helm|(?:bin\/)?spark-submit|go|docker|kind|minikube)\b/;

/** Commands of a shell block, continuation lines joined, comments dropped. */
const commandsOf = (code: string) =>
  code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));

/** Rule (c): a pod shell ends its block; the next block runs in that pod, says so, and holds no laptop command; no other block claims a pod. */
function mixedBlocks(blocks: readonly Block[]): string[] {
  const problems: string[] = [];
  let inPod = false;
  for (const block of blocks.filter(isShell)) {
    const commands = commandsOf(block.code);
    const where = `slide ${block.slide + 1}`;
    // "In the probe pod's shell:", "Inside the web pod:"; not "On your laptop: ... a shell in a pod".
    const claimsPod = /^(?:In|Inside) (?:the|this|that|a) [\w -]*pod\b/i.test(block.label.trim()) || /\bpod's shell\b/i.test(block.label);
    if (inPod) {
      if (!claimsPod) problems.push(`${where}: runs in the pod opened before, but the line above does not say so`);
      for (const command of commands.filter((c) => laptopCommand.test(c))) problems.push(`${where}: \`${command}\` is a laptop command in a block typed in a pod`);
    } else if (claimsPod) problems.push(`${where}: says it runs in a pod, but no block before it opened one`);
    const opener = commands.findIndex((c) => opensPodShell(c));
    if (opener >= 0 && opener < commands.length - 1) problems.push(`${where}: \`${commands[opener + 1]}\` follows \`${commands[opener]}\` in the same block: it would be typed in the pod`);
    inPod = opener >= 0 && opener === commands.length - 1;
  }
  return problems;
}

/** Rule (d): the lint rule's findings over the blocks, in order. */
function variablesUsedBeforeSet(blocks: readonly Block[]): string[] {
  const diagnostics = new DiagnosticList();
  const events = blocks.filter(isShell).flatMap((b) => shellEvents(b.code).map((event) => ({ event, at: { file: `slide ${b.slide + 1}`, line: 1, column: event.offset + 1 } })));
  checkShellVariables(events, diagnostics);
  return diagnostics.items.map((d) => `${d.file}: ${d.message.split(' is used')[0]}`);
}

const slideSources = build.slideSources!;
const blocks = blocksOf(slideSources);
const valuesFiles = [...notKubernetesObjects].map((f) => readFileSync(path.join(manifestsFolder, f), 'utf8').trim());
const slideText = (index: number) => slideSources[index].split(/\n\?\?\?\n/)[0];
const allText = slideSources.join('\n');

describe('the workshop deck loads', () => {
  it('with every chapter, with no findings', () => {
    expect(build.diagnostics).toEqual([]);
    expect(blocks.filter(isYaml).length).toBeGreaterThanOrEqual(manifestFiles.length);
  });
});

describe('(a) every manifest is a file under slides/manifests, shown whole in one block', () => {
  it('no chapter writes YAML inline: every YAML block is an include of a whole file', () => {
    const inline = chapterFiles.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/^\s*(`{3,}|~{3,})\s*ya?ml\b/i.test(line) ? [`${path.relative(projectRoot, file)}:${i + 1}`] : [])),
    );
    expect(inline).toEqual([]);
  });

  it('each file of slides/manifests is included once, whole (no region, no range), and nothing else is', () => {
    const includes = chapterFiles.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^<<<\s+(\S+)/gm)].map((m) => m[1]));
    expect(includes.filter((spec) => /[#{]/.test(spec))).toEqual([]);
    expect(includes.map((spec) => spec.replace(/^@\//, '')).sort()).toEqual(manifestFiles.map((f) => `manifests/${f}`));
  });

  it('no YAML block on a slide is a part of a manifest, holds a key twice, or shows an object another block shows', () => {
    expect(splitOrDuplicatedManifests(blocks, valuesFiles)).toEqual([]);
  });

  it('the rule catches the HPA split over two slides that it was written for', () => {
    const split = blocksOf([
      '## The HPA manifest: target and bounds\n\n```yaml\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: podinfo\nspec:\n  minReplicas: 2\n  metrics:\n  # continued on the next slide\n```',
      '## The HPA manifest: metrics\n\n```yaml\n  metrics:\n  - type: Resource\n```',
      '## Twice\n\n```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n```\n\n```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n```',
    ]);
    const problems = splitOrDuplicatedManifests(split, []);
    expect(problems.some((p) => p.startsWith('slide 2: the block starts indented'))).toBe(true);
    expect(problems.some((p) => p.startsWith('slide 2: YAML without apiVersion and kind'))).toBe(true);
    expect(problems.some((p) => p.startsWith('slide 3: DUPLICATE_KEY'))).toBe(true);
    expect(problems.some((p) => p.includes('Pod/a is already shown on slide 3'))).toBe(true);
  });
});

describe('(b) every manifest file validates', () => {
  const kubernetes = manifestFiles.filter((f) => !notKubernetesObjects.has(f));

  it.each(kubernetes)('%s: a Kubernetes object of a group the validator knows, with no findings', (file) => {
    const text = readFileSync(path.join(manifestsFolder, file), 'utf8');
    const object = parseAllDocuments(text)[0].toJS() as { apiVersion: string; kind: string; metadata: { name: string } };
    expect(isBuiltInGroup(groupOf(object.apiVersion), schemaBundle()), `${object.apiVersion} is a group the bundle holds`).toBe(true);
    expect(checkKubernetesText(text)).toEqual([]);
    // The validator reads this file: a misspelt field in it is found.
    expect(checkKubernetesText(text.replace(/^metadata:/m, 'metadata:\n  nmae: x')).length).toBeGreaterThan(0);
  });

  it('the KubeSchedulerConfiguration has only fields of kubescheduler.config.k8s.io/v1', () => {
    const config = parseAllDocuments(readFileSync(path.join(manifestsFolder, 'heat-scheduler-config.yaml'), 'utf8'))[0].toJS();
    expect(config.apiVersion).toBe('kubescheduler.config.k8s.io/v1');
    expect(config.kind).toBe('KubeSchedulerConfiguration');
    const top = ['apiVersion', 'kind', 'parallelism', 'leaderElection', 'clientConnection', 'healthzBindAddress', 'metricsBindAddress', 'enableProfiling', 'enableContentionProfiling', 'percentageOfNodesToScore', 'podInitialBackoffSeconds', 'podMaxBackoffSeconds', 'profiles', 'extenders', 'delayCacheUntilActive'];
    const extender = ['urlPrefix', 'filterVerb', 'preemptVerb', 'prioritizeVerb', 'weight', 'bindVerb', 'enableHTTPS', 'tlsConfig', 'httpTimeout', 'nodeCacheCapable', 'managedResources', 'ignorable'];
    expect(Object.keys(config).filter((k) => !top.includes(k))).toEqual([]);
    for (const e of config.extenders) expect(Object.keys(e).filter((k) => !extender.includes(k))).toEqual([]);
    expect(config.profiles.map((p: { schedulerName: string }) => p.schedulerName)).toEqual(['heat-scheduler']);
  });

  it('the JupyterHub values use the chart\'s keys: its own Let\'s Encrypt under proxy.https, no Ingress', () => {
    const values = parseAllDocuments(readFileSync(path.join(manifestsFolder, 'jupyterhub-values.yaml'), 'utf8'))[0].toJS();
    const https = parseAllDocuments(readFileSync(path.join(manifestsFolder, 'jupyterhub-https-values.yaml'), 'utf8'))[0].toJS();
    expect(Object.keys(values).sort()).toEqual(['hub', 'proxy', 'singleuser']);
    expect(https.proxy.https).toEqual({ enabled: true, hosts: ['hub.example.org'], letsencrypt: { contactEmail: 'you@example.org' } });
    expect(https).not.toHaveProperty('ingress');
    for (const text of valuesFiles) expect(parseAllDocuments(text)[0].errors).toEqual([]);
  });
});

describe('(c) laptop commands and in-pod commands never share a block', () => {
  it('a shell opened in a pod ends its block, and the next block says it runs in that pod', () => {
    expect(mixedBlocks(blocks)).toEqual([]);
    // The deck does open a shell in a pod: the rule is exercised, not vacuous.
    expect(blocks.filter(isShell).some((b) => commandsOf(b.code).some((c) => opensPodShell(c)))).toBe(true);
  });

  it('the rule catches the mixed block it was written for, and unlabelled or misplaced pod blocks', () => {
    const mixed = blocksOf([
      '## Seeing it\n\n```bash\nkubectl create namespace blue\nkubectl run test-$RANDOM --rm -it --restart=Never \\\n  --image=alpine -- sh\nwget -qO- --timeout=2 http://web.blue\n```',
      '## Then\n\n```bash\nwget -qO- http://web.blue\n```',
      '## Later\n\nIn the probe pod:\n\n```bash\nkubectl get pods\n```',
    ]);
    expect(mixedBlocks(mixed)).toEqual([
      'slide 1: `wget -qO- --timeout=2 http://web.blue` follows `kubectl run test-$RANDOM --rm -it --restart=Never    --image=alpine -- sh` in the same block: it would be typed in the pod',
      'slide 3: says it runs in a pod, but no block before it opened one',
    ]);
    const unlabelled = blocksOf(['```bash\nkubectl exec -it web -- bash\n```', '```bash\nkubectl get pods\n```']);
    expect(mixedBlocks(unlabelled)).toEqual(['slide 2: runs in the pod opened before, but the line above does not say so', 'slide 2: `kubectl get pods` is a laptop command in a block typed in a pod']);
  });

  it('commands that run a program in a pod without a shell are laptop commands', () => {
    for (const command of ['kubectl run no-label --rm -it --restart=Never --image=alpine:3.22 -- wget -qO- http://apiserver', 'kubectl exec -it web -- sh -c "ls"', 'kubectl run x --image=alpine -- sh', 'kubectl exec -it web', 'kubectl get pods']) {
      expect(opensPodShell(command), command).toBe(false);
    }
    for (const command of ['kubectl run probe --rm -it --restart=Never --image=alpine:3.22 -- sh', 'kubectl exec -ti web -- /bin/bash', 'kubectl -n blue exec -it web -- sh -l', 'kubectl attach -it web', 'kubectl run x -i -t --image=alpine', 'kubectl debug node/n1 -it --image=busybox']) {
      expect(opensPodShell(command), command).toBe(true);
    }
  });
});

describe('(d) every shell variable is set on a slide before a command uses it', () => {
  it('none is used before it is set, and the variables the Spark and metrics-server slides use are seen', () => {
    expect(variablesUsedBeforeSet(blocks)).toEqual([]);
    const used = new Set(blocks.filter(isShell).flatMap((b) => shellEvents(b.code).flatMap((e) => (e.kind === 'use' ? [e.name] : []))));
    expect([...used].sort()).toEqual(['API_SERVER', 'DIST', 'IMAGE', 'JAR', 'SPARK_VERSION', 'URL']);
  });

  it('the rule catches the hey command of the seed deck, whose address no slide set', () => {
    const seed = blocksOf(['## Generating load\n\n```bash\ngo install github.com/rakyll/hey@latest\nhey -z 3m -q 10 -c 5 http://$NODE_IP:$NODE_PORT/\n```']);
    expect(variablesUsedBeforeSet(seed)).toEqual(['slide 1: `$NODE_IP`', 'slide 1: `$NODE_PORT`']);
  });
});

describe('(e) the prerequisites come before the first exercise', () => {
  it('a Prerequisites slide, before every exercise, names a policy-enforcing CNI, kubectl, helm and a matching Spark', () => {
    const prerequisites = deck.slides.findIndex((s) => s.title === 'Prerequisites');
    expect(prerequisites).toBeGreaterThan(0);
    expect(prerequisites).toBeLessThan(Math.min(...deck.exercises.map((e) => e.slide)));
    const text = slideText(prerequisites);
    for (const needed of [/NetworkPolicy/, /Calico/, /Cilium/, /Antrea/, /`kubectl`/, /`helm`/, /Spark and Scala versions match the image/]) expect(text).toMatch(needed);
  });
});

describe('the facts a Kubernetes trainer would teach in 2026', () => {
  it.each([
    ['Weave Net is not offered as a CNI that enforces policies', /Weave Net[^.\n]*(?:enforce|Calico|Cilium)|(?:Calico|Cilium)[^.\n]*Weave Net/, false],
    ['Weave Net, when named, is discontinued', /Weave Net[^\n]*discontinued/, true],
    ['Zero to JupyterHub does HTTPS itself, without an Ingress', /`proxy\.https`[^\n]*no Ingress|without an Ingress/, true],
    ['the chart is pinned to a 4.x version', /--version 4\.\d+\.\d+/, true],
    ['HPA scale-up is rate-limited, not immediate', /larger of \+100 % or \+4 pods every 15 seconds/, true],
    ['nothing says scale-up is immediate', /[Ss]cale-up is immediate/, false],
    ['a memory utilization target is a share of the request', /`Utilization` is a percentage of the memory \*request\*/, true],
    ['a memory target the pods cannot reach never triggers', /never reach never triggers a scale-up: above their memory limit/, true],
    ['the scheduler Policy API was removed in 1.23', /Policy API[^\n]*removed in Kubernetes 1\.23/, true],
    ['the local spark-submit matches the image', /Spark and Scala versions must match/, true],
  ])('%s', (_, pattern, present) => {
    expect(pattern.test(allText)).toBe(present);
  });

  it('the Spark image, the example JAR and the download name one Spark and one Scala version', () => {
    const spark = blocks.filter(isShell).map((b) => b.code).join('\n');
    expect(spark).toContain('SPARK_VERSION=4.0.1');
    expect(spark).toContain('IMAGE=spark:$SPARK_VERSION-scala2.13-');
    expect(spark).toContain('spark-examples_2.13-$SPARK_VERSION.jar');
    expect(spark).toMatch(/DIST=spark-\$SPARK_VERSION-bin-hadoop3\n/);
    expect(slideText(deck.slides.findIndex((s) => s.title === 'Prerequisites'))).toContain('Spark 4.0.1 for Scala 2.13');
  });
});
