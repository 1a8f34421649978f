/** deploy/kubernetes: valid against the Kubernetes API schemas, and consistent with each other. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkManifestFile, readManifestDocuments, type ManifestDocument } from './kubernetes-schema.ts';

const folder = 'deploy/kubernetes';
let files: Array<{ file: string; text: string }>;
let documents: ManifestDocument[];

beforeAll(() => {
  files = readdirSync(folder)
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .map((name) => ({ file: path.join(folder, name), text: readFileSync(path.join(folder, name), 'utf8') }));
  documents = files.flatMap(({ file, text }) => readManifestDocuments(file, text));
});

function find(kind: string, name: string) {
  const doc = documents.find((d) => d.object.kind === kind && (d.object.metadata as { name: string }).name === name);
  expect(doc, `${kind} ${name}`).toBeDefined();
  return doc!.object as Record<string, any>;
}

describe('Kubernetes manifests', () => {
  it('every object is valid against the API schema, unknown fields included', () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
    expect(files.flatMap(({ file, text }) => checkManifestFile(file, text))).toEqual([]);
  });

  it('the checker catches a misspelt field, a wrong type and an unknown kind, each at its line and column', () => {
    const problems = checkManifestFile(
      'broken.yaml',
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: x}',
        'spec:',
        '  replicas: three',
        '  selector: {matchLabels: {a: b}}',
        '  template:',
        '    metadata: {labels: {a: b}}',
        '    spec:',
        '      containers:',
        '        - name: c',
        '          image: i',
        '          imagePullPolicyy: Always',
        '---',
        'apiVersion: v1',
        'kind: Servise',
        'metadata: {name: y}',
        '---',
        'kind: Service',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'broken.yaml:19:1: a manifest needs apiVersion and kind',
      'broken.yaml:5:13: `spec.replicas` must be a whole number, not the string `three`',
      'broken.yaml:13:11: unknown field `imagePullPolicyy` in `spec.template.spec.containers[0]`: kubectl refuses it',
      'broken.yaml:16:7: Kubernetes 1.33 has no kind `Servise` in `v1`',
    ]);
  });

  it('kustomization lists every manifest file, and each exists', () => {
    const kustomization = parse(readFileSync(path.join(folder, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const files = readdirSync(folder).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
    for (const resource of kustomization.resources) expect(existsSync(path.join(folder, resource))).toBe(true);
  });

  it('objects refer to each other by the right names and labels', () => {
    const deck = find('Deployment', 'deck');
    const podLabels = deck.spec.template.metadata.labels;
    const service = find('Service', 'deck');
    for (const [key, value] of Object.entries(service.spec.selector)) expect(podLabels[key]).toBe(value);
    const ingress = find('Ingress', 'deck');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('deck');
    expect(find('HorizontalPodAutoscaler', 'deck').spec.scaleTargetRef.name).toBe('deck');
    const redis = find('Deployment', 'redis');
    const redisService = find('Service', 'redis');
    for (const [key, value] of Object.entries(redisService.spec.selector)) expect(redis.spec.template.metadata.labels[key]).toBe(value);
    // Only the deck's pods may reach Redis: the policy's peer label is on them, and only on them.
    const policy = find('NetworkPolicy', 'redis-from-deck-only');
    const peer = policy.spec.ingress[0].from[0].podSelector.matchLabels;
    for (const [key, value] of Object.entries(peer)) {
      expect(podLabels[key]).toBe(value);
      expect(redis.spec.template.metadata.labels[key]).toBeUndefined();
    }
    const env = deck.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: any }>;
    expect(env.find((e) => e.name === 'REDIS_URL')?.value).toBe('redis://redis:6379');
    expect(env.find((e) => e.name === 'DECK_PRESENTER_TOKEN')?.valueFrom.secretKeyRef.name).toBe('deck-presenter');
    // The join card shows the address attendees reach: the Ingress's host, not a pod's.
    expect(new URL(env.find((e) => e.name === 'DECK_PUBLIC_URL')!.value!).host).toBe(ingress.spec.rules[0].host);
    // Every replica takes the same helpers' secret, as it takes the presenter's.
    expect(env.find((e) => e.name === 'DECK_HELPER_TOKEN')?.valueFrom.secretKeyRef).toEqual({ name: 'deck-presenter', key: 'helpers' });
    expect(find('NetworkPolicy', 'default-deny-ingress').spec.podSelector).toEqual({});
  });
});
