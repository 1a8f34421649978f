/**
 * API versions current Kubernetes no longer serves, with what replaced them (the Kubernetes
 * deprecation guide), and which API groups are Kubernetes' own: a manifest of another group (a
 * custom resource, a tool's configuration) is not Kubernetes' to judge.
 */
import { own, type SchemaBundle } from './schema.js';

export interface RemovedApi {
  /** The Kubernetes release that stopped serving it. */
  readonly removedIn: string;
  /** The group version to use instead; absent when the kind itself is gone. */
  readonly use?: string;
  /** What to do instead when the kind is gone, or what else changed. */
  readonly note?: string;
}

const apps = { removedIn: '1.16', use: 'apps/v1', note: 'apps/v1 requires `spec.selector`, matching the pod template\'s labels' };
const pspGone = { removedIn: '1.25', note: 'PodSecurityPolicy was removed in Kubernetes 1.25: label the namespace for Pod Security Admission (`pod-security.kubernetes.io/enforce: restricted`) instead' };
const v122 = (use: string) => ({ removedIn: '1.22', use });

/** `group/version` -> kind (`*` for every kind of it) -> what happened. */
const removed: Readonly<Record<string, Readonly<Record<string, RemovedApi>>>> = {
  'extensions/v1beta1': {
    Deployment: apps, DaemonSet: apps, ReplicaSet: apps,
    NetworkPolicy: { removedIn: '1.16', use: 'networking.k8s.io/v1' },
    PodSecurityPolicy: pspGone,
    Ingress: { removedIn: '1.22', use: 'networking.k8s.io/v1', note: 'networking.k8s.io/v1 writes a backend as `service: {name, port: {number}}` and requires `pathType`' },
  },
  'apps/v1beta1': { '*': apps },
  'apps/v1beta2': { '*': apps },
  'admissionregistration.k8s.io/v1beta1': { '*': v122('admissionregistration.k8s.io/v1') },
  'apiextensions.k8s.io/v1beta1': { '*': v122('apiextensions.k8s.io/v1') },
  'apiregistration.k8s.io/v1beta1': { '*': v122('apiregistration.k8s.io/v1') },
  'authentication.k8s.io/v1beta1': { '*': v122('authentication.k8s.io/v1') },
  'authorization.k8s.io/v1beta1': { '*': v122('authorization.k8s.io/v1') },
  'certificates.k8s.io/v1beta1': { '*': v122('certificates.k8s.io/v1') },
  'coordination.k8s.io/v1beta1': { '*': v122('coordination.k8s.io/v1') },
  'networking.k8s.io/v1beta1': {
    '*': { removedIn: '1.22', use: 'networking.k8s.io/v1', note: 'networking.k8s.io/v1 writes an Ingress backend as `service: {name, port: {number}}` and requires `pathType`' },
  },
  'rbac.authorization.k8s.io/v1beta1': { '*': v122('rbac.authorization.k8s.io/v1') },
  'rbac.authorization.k8s.io/v1alpha1': { '*': v122('rbac.authorization.k8s.io/v1') },
  'scheduling.k8s.io/v1beta1': { '*': v122('scheduling.k8s.io/v1') },
  'scheduling.k8s.io/v1alpha1': { '*': v122('scheduling.k8s.io/v1') },
  'storage.k8s.io/v1beta1': { '*': v122('storage.k8s.io/v1'), CSIStorageCapacity: { removedIn: '1.27', use: 'storage.k8s.io/v1' } },
  'batch/v1beta1': { '*': { removedIn: '1.25', use: 'batch/v1' } },
  'batch/v2alpha1': { '*': { removedIn: '1.21', use: 'batch/v1' } },
  'discovery.k8s.io/v1beta1': { '*': { removedIn: '1.25', use: 'discovery.k8s.io/v1' } },
  'events.k8s.io/v1beta1': { '*': { removedIn: '1.25', use: 'events.k8s.io/v1' } },
  'autoscaling/v2beta1': { '*': { removedIn: '1.25', use: 'autoscaling/v2', note: 'autoscaling/v2 writes a metric\'s goal as `target: {type: Utilization, averageUtilization: 50}`' } },
  'autoscaling/v2beta2': { '*': { removedIn: '1.26', use: 'autoscaling/v2' } },
  'policy/v1beta1': { '*': { removedIn: '1.25', use: 'policy/v1' }, PodSecurityPolicy: pspGone },
  'node.k8s.io/v1beta1': { '*': { removedIn: '1.25', use: 'node.k8s.io/v1' } },
  'node.k8s.io/v1alpha1': { '*': { removedIn: '1.22', use: 'node.k8s.io/v1' } },
  'flowcontrol.apiserver.k8s.io/v1beta1': { '*': { removedIn: '1.26', use: 'flowcontrol.apiserver.k8s.io/v1' } },
  'flowcontrol.apiserver.k8s.io/v1beta2': { '*': { removedIn: '1.29', use: 'flowcontrol.apiserver.k8s.io/v1' } },
  'flowcontrol.apiserver.k8s.io/v1beta3': { '*': { removedIn: '1.32', use: 'flowcontrol.apiserver.k8s.io/v1' } },
  'settings.k8s.io/v1alpha1': { '*': { removedIn: '1.20', note: 'PodPreset was removed in Kubernetes 1.20: set the environment and volumes in the pod templates' } },
};

export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  const versions = own(removed, apiVersion);
  return versions && (own(versions, kind) ?? versions['*']);
}

/** `apps/v1` -> `apps`; `v1` -> `` (the core group). */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** The API groups Kubernetes itself serves or served. */
export function isBuiltInGroup(group: string, bundle: SchemaBundle): boolean {
  return Object.keys(bundle.kinds).some((gv) => groupOf(gv) === group) || Object.keys(removed).some((gv) => groupOf(gv) === group);
}
