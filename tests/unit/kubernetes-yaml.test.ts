/** Kubernetes YAML on slides: the schema bundle is current, and the validator judges as the API server would. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkKubernetesText } from '../../src/core/kubernetes/validate.js';
import { kubernetesSchemaBundle, schemaModuleText } from '../../scripts/kubernetes-schema-bundle.js';
import { buildChapters, positions } from './deck-fixture.js';

const manifest = (...lines: string[]) => lines.join('\n');
const messages = (text: string) => checkKubernetesText(text).map((f) => f.message);

describe('the schema bundle', () => {
  it('is what scripts/generate-kubernetes-schemas.ts makes of the installed kubernetes-models', () => {
    const committed = readFileSync('src/core/kubernetes/schemas.generated.ts', 'utf8');
    expect(committed === schemaModuleText(kubernetesSchemaBundle()), 'run `npx tsx scripts/generate-kubernetes-schemas.ts`').toBe(true);
  }, 30_000);
});

describe('removed API versions', () => {
  it('are errors at the apiVersion, naming the release that removed them and the replacement', () => {
    const cases = [
      ['extensions/v1beta1', 'Deployment', 'removed in Kubernetes 1.16', 'use `apiVersion: apps/v1`'],
      ['extensions/v1beta1', 'Ingress', 'removed in Kubernetes 1.22', 'use `apiVersion: networking.k8s.io/v1`'],
      ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'removed in Kubernetes 1.26', 'use `apiVersion: autoscaling/v2`'],
      ['policy/v1beta1', 'PodSecurityPolicy', 'removed in Kubernetes 1.25', 'Pod Security Admission'],
      ['policy/v1beta1', 'PodDisruptionBudget', 'removed in Kubernetes 1.25', 'use `apiVersion: policy/v1`'],
      ['batch/v1beta1', 'CronJob', 'removed in Kubernetes 1.25', 'use `apiVersion: batch/v1`'],
    ];
    for (const [apiVersion, kind, removed, fix] of cases) {
      const [finding, ...rest] = checkKubernetesText(manifest(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata: {name: x}'));
      expect(rest).toEqual([]);
      expect(finding.offset).toBe('apiVersion: '.length);
      expect(finding.message).toContain(removed);
      expect(finding.fix).toContain(fix);
    }
  });
});

describe('YAML that is not a Kubernetes manifest', () => {
  it('is left alone: Helm values, kubeconfig, docker-compose, other groups\' kinds, templates, partial snippets', () => {
    const alone = [
      manifest('proxy:', '  https:', '    enabled: true', '    hosts: [hub.example.org]', 'singleuser: {memory: {limit: 1GB}}'),
      manifest('apiVersion: v1', 'kind: Config', 'clusters:', '- cluster: {server: https://k8s}', '  name: workshop', 'current-context: workshop'),
      manifest('services:', '  web:', '    image: nginx', '    ports: ["80:80"]'),
      manifest('apiVersion: sparkoperator.k8s.io/v1beta2', 'kind: SparkApplication', 'spec: {sparkVersion: 3.5.0, mode: cluster}'),
      manifest('apiVersion: kubescheduler.config.k8s.io/v1', 'kind: KubeSchedulerConfiguration', 'profiles: []'),
      manifest('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: "{{ .Release.Name }}"}', 'spec: {replicas: "{{ .Values.replicas }}"}'),
      manifest('spec:', '  containers:', '  - name: web', '    imagePullPolicyy: Always'),
    ];
    for (const text of alone) expect(messages(text), text).toEqual([]);
  });

  it('names an unknown kind only in Kubernetes\' own groups', () => {
    expect(messages(manifest('apiVersion: apps/v1', 'kind: Deploymnet', 'metadata: {name: x}'))).toEqual(['Kubernetes 1.33 has no kind `Deploymnet` in `apps/v1`']);
    expect(messages(manifest('apiVersion: example.com/v1', 'kind: Deploymnet'))).toEqual([]);
  });
});

describe('manifests', () => {
  it('pass when valid: a List, null values, quantities, status as kubectl prints it', () => {
    const valid = manifest(
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: v1', '  kind: Pod', '  metadata: {name: p, labels: {app: web}, creationTimestamp: 2024-05-01T10:00:00Z}',
      '  spec:', '    containers:', '    - name: c', '      image: i', '      resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 1, memory: 1.5Gi}}',
      '      env:', '      - {name: A, value: "8080"}', '    nodeSelector:', '  status: {phase: Running, anything: [1, 2]}',
      '- apiVersion: v1', '  kind: Service', '  metadata: {name: s}', '  spec: {ports: [{port: 80, targetPort: http}], selector: {app: web}, type: ClusterIP}',
    );
    expect(checkKubernetesText(valid)).toEqual([]);
  });

  it('takes names of Object\'s own members as the author\'s words: an unknown field, an unknown version, never a loader failure', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const field = checkKubernetesText(manifest('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', `  ${name}: 1`, 'spec:', `  ${name}: 1`));
      expect(field.map((f) => f.message), name).toEqual(expect.arrayContaining([`unknown field \`${name}\` in \`metadata\`: kubectl refuses it`, `unknown field \`${name}\` in \`spec\`: kubectl refuses it`]));
      expect(checkKubernetesText(manifest(`apiVersion: ${name}`, 'kind: Deployment')).map((f) => f.message), name).toEqual([`\`${name}\` is not an API version Kubernetes 1.33 serves`]);
      expect(() => checkKubernetesText(manifest('apiVersion: extensions/v1beta1', `kind: ${name}`)), name).not.toThrow();
    }
  });

  it('checks each item of a List, and each document of a stream', () => {
    const broken = manifest('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata: {name: p}', '  spec: {containers: [{name: c, image: i, tty: "yes"}]}', '---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: q}', 'spec: {containerz: []}');
    expect(messages(broken)).toEqual([
      '`spec.containers[0].tty` must be true or false, not the string `yes`',
      '`spec` lacks the required field `containers`',
      'unknown field `containerz` in `spec`: kubectl refuses it',
    ]);
  });

  it('in a deck, are errors at the file, line and column of the key, through `--` steps and notes', () => {
    const build = buildChapters({
      'a.md': ['# A', '', '---', '', '```yaml', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - name: c', '    imagee: x', '```', '', '???', '', '```YML', 'apiVersion: apps/v1beta1', 'kind: Deployment', '```'].join('\n'),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:12:5', 'error a.md:18:13']);
    expect(build.diagnostics[0].fix).toContain('did you mean `image`?');
    expect(build.ok).toBe(false);
  });

  it('can be left unchecked on a slide and its steps, with `kubernetes-check: off`', () => {
    const broken = ['```yaml', 'apiVersion: v1', 'kind: Servise', 'metadata: {name: s}', '```'];
    const build = buildChapters({ 'a.md': ['# A', '', '---', 'kubernetes-check: off', '', ...broken, '', '--', '', ...broken, '', '---', '', ...broken].join('\n') });
    expect(positions(build.diagnostics)).toEqual(['error a.md:24:7']);
  });
});

describe('where a finding is', () => {
  it('names the value as kubectl does, and what to `kubectl explain`, deep in lists of objects', () => {
    const deployment = manifest(
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:',
      '    metadata: {labels: {app: web}}', '    spec:', '      containers:', '      - name: web', '        image: nginx',
      '        imagePullPolicyy: Always', '        ports:', '        - {protocol: TCP}',
    );
    expect(checkKubernetesText(deployment).map(({ message, fix }) => ({ message, fix }))).toEqual([
      {
        message: 'unknown field `imagePullPolicyy` in `spec.template.spec.containers[0]`: kubectl refuses it',
        fix: 'did you mean `imagePullPolicy`? (`kubectl explain deployment.spec.template.spec.containers` lists the fields)',
      },
      {
        message: '`spec.template.spec.containers[0].ports[0]` lacks the required field `containerPort`',
        fix: 'add `containerPort:` (`kubectl explain deployment.spec.template.spec.containers.ports.containerPort`)',
      },
    ]);
  });
});
