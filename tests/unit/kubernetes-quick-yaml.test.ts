/**
 * The quick path of the Kubernetes check (src/core/kubernetes/quick-yaml.ts, quick-check.ts)
 * must never change a finding: whatever YAML it reads, it reads as `yaml` does, and the check
 * answers exactly what `yaml` and the full walk answer. Manifests are generated in the styles
 * slides use (block and flow, indented sequences or not, comments, quotes, YAML 1.1 scalars),
 * then damaged at random.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { readQuickYaml, yaml11PlainScalars, type QuickNode } from '../../src/core/kubernetes/quick-yaml.js';
import { quicklyClean } from '../../src/core/kubernetes/quick-check.js';
import { schemaBundle, type TypeExpression } from '../../src/core/kubernetes/schema.js';
import { checkKubernetesText, checkKubernetesTextWithYaml } from '../../src/core/kubernetes/validate.js';

const scalars = yaml11PlainScalars();

/** What a check answers, or the error it throws (neither path should throw: the two must agree either way). */
function outcome<T>(run: () => T): T | { threw: string } {
  try {
    return run();
  } catch (error) {
    return { threw: String(error) };
  }
}

/** `yaml`'s reading of a node, in quick-yaml.ts's terms (anything it does not model stands out). */
function asQuick(node: unknown): unknown {
  if (node === null || node === undefined) return { kind: 'scalar', value: null };
  if (isMap(node)) {
    return {
      kind: 'map',
      keys: node.items.map((pair) => (isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : { notAStringKey: String(pair.key) })),
      values: node.items.map((pair) => asQuick(pair.value)),
    };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map(asQuick) };
  if (isScalar(node)) {
    const value = node.value;
    const modelled = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    return modelled && node.format !== 'TIME' ? { kind: 'scalar', value } : { unmodelled: String(value) };
  }
  return { unmodelled: String(node) };
}

const keys = ['metadata', 'name', 'labels', 'app', 'spec', 'replicas', 'selector', 'matchLabels', 'template', 'containers', 'image', 'ports', 'containerPort', 'protocol', 'resources', 'limits', 'cpu', 'memory', 'env', 'value', 'items', 'generateName', 'x', 'app.kubernetes.io/name'];
/** Keys it leaves to yaml, or that the check treats specially. */
const oddKeys = ['apiVersion', 'kind', 'on', 'yes', 'No', '1', '<<', 'a b', 'constructor', 'toString', '"q"'];
const scalarsWritten = ['web', 'nginx:1.27', '"nginx:1.27"', "'web'", '3', '"3"', '0', '0777', '0x1F', '1_000', '1.5', '.5', '1e3', '.inf', '.NaN', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'y', '~', 'null', 'NULL', "''", '""', '500m', '128Mi', '1Gi', '2GB', 'TCP', 'UDP', 'tcp', 'Always', 'a b', 'a #b', 'http://x/y', "'a\\b'"];
/** Scalars it leaves to yaml (or that yaml refuses). */
const oddScalars = ['-1', '1:20', '2024-01-02', 'a: b', '"a\\"b"', "'it''s'", '&a x', '*a', '!!str 3', '|', '>-', '@x', '`x`', 'x, y', 'é', '\t3', 'x:'];
const key = fc.oneof({ weight: 150, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constantFrom(...oddKeys) });
const scalar = fc.oneof({ weight: 150, arbitrary: fc.constantFrom(...scalarsWritten) }, { weight: 1, arbitrary: fc.constantFrom(...oddScalars) });
/** Entries of a mapping: keys mostly distinct (a duplicate is left to yaml, which refuses it). */
const entries = (value: fc.Arbitrary<Tree>, maxLength: number) =>
  fc.tuple(fc.uniqueArray(fc.tuple(key, value), { maxLength, selector: ([k]) => k }), fc.oneof({ weight: 40, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(key, value) })).map(([unique, duplicate]) => (duplicate ? [...unique, duplicate] : unique));
const apiVersions = ['apps/v1', 'v1', 'networking.k8s.io/v1', 'extensions/v1beta1', 'batch/v1beta1', 'example.com/v1', 'apps/v9', 'constructor', '1'];
const kinds = ['Deployment', 'Pod', 'Service', 'List', 'Config', 'ConfigMap', 'NetworkPolicy', 'Deploymnt', 'Foo', 'PodList'];

type Tree = { map: Array<[string, Tree]> } | { seq: Tree[] } | { scalar: string };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((scalar) => ({ scalar })),
    entries(tie('node'), 4).map((map) => ({ map })),
    fc.array(tie('node'), { maxLength: 3 }).map((seq) => ({ seq })),
  ),
})).node;
const manifest = fc.tuple(fc.constantFrom(...apiVersions), fc.constantFrom(...kinds), entries(tree, 5)).map(([apiVersion, kind, rest]): Tree => ({
  map: [['apiVersion', { scalar: apiVersion }], ['kind', { scalar: kind }], ...rest],
}));

/** How a manifest is written: indentation, sequences under their key or indented, flow or block, comments. */
interface Style {
  step: number;
  indentSequences: boolean;
  flowBelowDepth: number;
  comments: boolean;
}

function flow(node: Tree): string {
  if ('scalar' in node) return node.scalar;
  if ('seq' in node) return `[${node.seq.map(flow).join(', ')}]`;
  return `{${node.map.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
}

function block(node: Tree, indent: number, depth: number, style: Style): string[] {
  const pad = ' '.repeat(indent);
  const comment = style.comments ? ' # note' : '';
  const inline = (v: Tree) => 'scalar' in v || depth + 1 >= style.flowBelowDepth || ('map' in v ? v.map.length === 0 : v.seq.length === 0);
  if ('map' in node) {
    return node.map.flatMap(([key, value]) => {
      if (inline(value)) return [`${pad}${key}: ${flow(value)}${comment}`];
      const under = 'seq' in value && !style.indentSequences ? indent : indent + style.step;
      return [`${pad}${key}:${comment}`, ...block(value, under, depth + 1, style)];
    });
  }
  if ('seq' in node) {
    return node.seq.flatMap((item) => {
      if (inline(item)) return [`${pad}- ${flow(item)}`];
      const [first, ...rest] = block(item, indent + 2, depth + 1, style);
      return 'map' in item ? [`${pad}- ${first.slice(indent + 2)}`, ...rest] : [`${pad}-`, first, ...rest];
    });
  }
  return [`${pad}${node.scalar}`];
}

/** Values that fit each scalar type, as authors write them. */
const fitting: Record<string, string[]> = {
  s: ['web', '"3"', "'x'", 'nginx:1.27', 'a b'],
  i: ['3', '0', '80'],
  n: ['1.5', '3'],
  b: ['true', 'false', 'yes', 'Off'],
  x: ['80', 'http'],
  q: ['500m', '128Mi', '1', '0.5', '1Gi'],
  '*': ['x', '{a: 1}'],
};

/** A manifest of a kind Kubernetes serves, its fields chosen at random from the schema, every value fitting. */
function servedManifestOf(apiVersion: string, kind: string): fc.Arbitrary<Tree> {
  const bundle = schemaBundle();
  const valueOf = (type: TypeExpression, depth: number): fc.Arbitrary<Tree> => {
    if (type.startsWith('[')) return depth > 5 ? fc.constant({ seq: [] }) : fc.array(valueOf(type.slice(1, -1), depth + 1), { maxLength: 2 }).map((seq) => ({ seq }));
    if (type.startsWith('{')) return fc.uniqueArray(fc.tuple(fc.constantFrom('app', 'tier', 'example.com/x'), valueOf(type.slice(1, -1), depth + 1)), { maxLength: 2, selector: ([k]) => k }).map((map) => ({ map }));
    if (type.startsWith('@')) {
      const object = bundle.types[type.slice(1)];
      const required = (object.r ?? []).filter((f) => f !== 'apiVersion' && f !== 'kind');
      const optional = Object.keys(object.p).filter((f) => !required.includes(f) && f !== 'apiVersion' && f !== 'kind' && f !== 'metadata');
      return fc
        .subarray(optional, { maxLength: depth > 4 ? 0 : Math.min(3, optional.length) })
        .chain((chosen) => fc.tuple(...[...required, ...chosen].map((f) => valueOf(object.p[f], depth + 1).map((v): [string, Tree] => [f, v]))))
        .map((map) => ({ map }));
    }
    return fc.constantFrom(...(fitting[type] ?? [type.slice(2).split('|')[0]])).map((scalar) => ({ scalar }));
  };
  const metadata = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Array<[string, Tree]>>([['metadata', { map: [['name', { scalar: 'web' }]] }]]) },
    fc.constant<Array<[string, Tree]>>([['metadata', { map: [['generateName', { scalar: 'web-' }]] }]]),
    fc.constant<Array<[string, Tree]>>([['metadata', { map: [['labels', { map: [['app', { scalar: 'web' }]] }]] }]]),
    fc.constant<Array<[string, Tree]>>([]),
  );
  return fc.tuple(valueOf(`@${apiVersion}/${kind}`, 0), metadata).map(([tree, meta]): Tree => ({
    map: [['apiVersion', { scalar: apiVersion }], ['kind', { scalar: kind }], ...meta, ...('map' in tree ? tree.map : [])],
  }));
}

type Defect = { replaceWith: Tree } | { addField: string } | 'removeField';
const defect: fc.Arbitrary<Defect> = fc.oneof(
  fc.constantFrom<Tree>({ scalar: 'web' }, { scalar: '3' }, { scalar: 'yes' }, { scalar: '~' }, { scalar: '2GB' }, { map: [['a', { scalar: '1' }]] }, { seq: [{ scalar: 'x' }] }, { map: [] }, { seq: [] }).map((replaceWith) => ({ replaceWith })),
  fc.constantFrom('unknownField', 'name', 'toString').map((addField) => ({ addField })),
  fc.constant<Defect>('removeField'),
);

/** The tree with one node (the n-th, in document order, counting round) changed by `change`. */
function withDefect(tree: Tree, n: number, change: Defect): Tree {
  let count = 0;
  const nodes: Tree[] = [];
  const collect = (node: Tree) => {
    nodes.push(node);
    if ('map' in node) node.map.forEach(([, v]) => collect(v));
    if ('seq' in node) node.seq.forEach(collect);
  };
  collect(tree);
  const target = nodes[n % nodes.length];
  const rewrite = (node: Tree): Tree => {
    count++;
    if (node === target) {
      if (typeof change === 'object' && 'replaceWith' in change) return change.replaceWith;
      if ('map' in node && change === 'removeField') return { map: node.map.slice(1) };
      if ('map' in node && typeof change === 'object' && !node.map.some(([k]) => k === change.addField)) return { map: [...node.map, [change.addField, { scalar: 'x' }]] };
    }
    if ('map' in node) return { map: node.map.map(([k, v]) => [k, rewrite(v)]) };
    if ('seq' in node) return { seq: node.seq.map(rewrite) };
    return node;
  };
  return rewrite(tree);
}

const servedKinds: Array<[string, string]> = [['apps/v1', 'Deployment'], ['v1', 'Pod'], ['v1', 'Service'], ['v1', 'ConfigMap'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['batch/v1', 'Job'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['v1', 'PodList']];
/** A served kind's manifest, clean or with one defect; sometimes under another API version, sometimes in a `List`. */
const servedManifest: fc.Arbitrary<Tree> = fc
  .tuple(fc.constantFrom(...servedKinds), fc.constantFrom('', '', '', '', 'apps/v1', 'extensions/v1beta1', 'example.com/v1'), fc.nat(4).map((n) => n === 0), fc.nat(), defect)
  .chain(([[apiVersion, kind], otherVersion, clean, n, change]) => servedManifestOf(apiVersion, kind).map((tree) => {
    const written = otherVersion ? withDefect(tree, 1, { replaceWith: { scalar: otherVersion } }) : tree;
    return clean ? written : withDefect(written, n, change);
  }));
const listManifest = fc.array(servedManifest, { maxLength: 2 }).map((items): Tree => ({ map: [['apiVersion', { scalar: 'v1' }], ['kind', { scalar: 'List' }], ['items', { seq: items }]] }));

const style = fc.record({ step: fc.constantFrom(2, 4), indentSequences: fc.boolean(), flowBelowDepth: fc.constantFrom(1, 2, 3, 9), comments: fc.boolean() });
const documents = fc.tuple(fc.array(fc.oneof(manifest, servedManifest, servedManifest, listManifest), { minLength: 1, maxLength: 3 }), style).map(([docs, s]) => docs.map((d) => block(d, 0, 0, s).join('\n')).join('\n---\n') + '\n');
const pieces = ['', 'x', ' ', '  ', '\n', ':', ': ', '- ', '#', ' #', '"', "'", '{', '}', '[', ']', ',', '---\n', 'yes', '1:20', '\t', '&a ', '*a', '|\n'];
const damaged = fc.tuple(documents, fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.constantFrom(...pieces)), { maxLength: 4 })).map(([text, edits]) => {
  for (const [at, remove, insert] of edits) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + insert + text.slice(i + remove);
  }
  return text;
});
const writtenManifests = readdirSync('slides/manifests').filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(`slides/manifests/${f}`, 'utf8'));

describe('the quick reading of Kubernetes YAML', () => {
  test('reads what it reads as yaml does, and only YAML that yaml reads without errors', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.oneof(documents, damaged), (text) => {
        const quick = readQuickYaml(text, scalars);
        if (!quick) return;
        read++;
        const docs = parseAllDocuments(text, { version: '1.1', prettyErrors: false });
        expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
        const quickDocs = quick.filter((d): d is QuickNode => d !== null);
        // An empty document is `null` to yaml, or a null scalar (after a comment): no manifest either way.
        const yamlDocs = docs.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
        expect(quickDocs).toEqual(yamlDocs.map((d) => asQuick(d.contents)));
      }),
      { numRuns: Number(process.env.QUICK_YAML_RUNS ?? 3000) },
    );
    // The generated manifests are mostly what it reads: the comparison is not empty.
    expect(read).toBeGreaterThan(1000);
  }, 60_000);

  test('finds exactly what yaml and the full walk find', () => {
    fc.assert(
      fc.property(fc.oneof(documents, damaged, fc.constantFrom(...writtenManifests)), (text) => {
        expect(outcome(() => checkKubernetesText(text))).toEqual(outcome(() => checkKubernetesTextWithYaml(text)));
      }),
      { numRuns: Number(process.env.QUICK_YAML_RUNS ?? 1500) },
    );
  }, 60_000);

  test('judges one defect in a manifest of a served kind as the full walk does', () => {
    const written = fc.tuple(fc.oneof(servedManifest, listManifest), style).map(([tree, s]) => block(tree, 0, 0, s).join('\n') + '\n');
    fc.assert(
      fc.property(written, (text) => {
        expect(outcome(() => checkKubernetesText(text))).toEqual(outcome(() => checkKubernetesTextWithYaml(text)));
      }),
      { numRuns: Number(process.env.QUICK_YAML_RUNS ?? 1500) },
    );
  }, 60_000);

  test("answers for the workshop's manifests and the benchmark's Deployments without yaml (they are clean)", () => {
    expect(writtenManifests.length).toBeGreaterThan(5);
    const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web-3', 'spec:', '  replicas: 3', '  selector: {matchLabels: {app: web-3}}', '  template:', '    metadata: {labels: {app: web-3}}', '    spec:', '      containers:', '      - {name: web, image: "nginx:1.27"}', ''].join('\n');
    for (const text of [...writtenManifests, deployment]) expect(quicklyClean(text, schemaBundle, scalars)).toBe(true);
  });

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 3\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['a tab', 'a:\t1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a time', 'a: 1:20\n'],
    ['a date', 'a: 2024-01-02\n'],
    ['a key YAML 1.1 reads as a boolean', 'on: 1\n'],
    ['a merge key', '<<: {a: 1}\n'],
    ['non-ASCII text', 'a: é\n'],
    ['a document marker with content', '--- a: 1\n'],
    ['odd indentation', 'a:\n    b: 1\n  c: 2\n'],
  ])('leaves %s to yaml', (_, text) => {
    expect(readQuickYaml(text, scalars)).toBeUndefined();
  });
});
