import type { K8sObject } from '../../models/index.js';
import { canonicalQuantity, parseQuantity } from '../../models/quantity.js';

/**
 * Rewrites every quantity field of a built-in object in the canonical form the API server
 * stores (`0.5` → `500m`, `1024Mi` → `1Gi`, `1e3` → `1k`), in place. Text that is not a
 * quantity is left for the learner to see as written.
 */
export function canonicalizeQuantities(object: K8sObject): void {
  const o = object as Obj;
  const spec = child(o, 'spec');
  const group = object.apiVersion?.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
  switch (`${group}/${object.kind ?? ''}`) {
    case '/Pod':
      podSpec(spec);
      break;
    case '/PodTemplate':
      podSpec(child(child(o, 'template'), 'spec'));
      break;
    case '/ReplicationController':
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/DaemonSet':
    case 'batch/Job':
      podSpec(child(child(spec, 'template'), 'spec'));
      break;
    case 'apps/StatefulSet':
      podSpec(child(child(spec, 'template'), 'spec'));
      for (const claim of items(spec, 'volumeClaimTemplates')) claimSpec(child(claim, 'spec'));
      break;
    case 'batch/CronJob':
      podSpec(child(child(child(child(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'));
      break;
    case '/ResourceQuota':
      list(spec, 'hard');
      list(child(o, 'status'), 'hard');
      list(child(o, 'status'), 'used');
      break;
    case '/LimitRange':
      for (const limit of items(spec, 'limits')) {
        for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) list(limit, key);
      }
      break;
    case '/PersistentVolumeClaim':
      claimSpec(spec);
      list(child(o, 'status'), 'capacity');
      break;
    case '/PersistentVolume':
      list(spec, 'capacity');
      break;
    case '/Node':
      list(child(o, 'status'), 'capacity');
      list(child(o, 'status'), 'allocatable');
      break;
    case 'node.k8s.io/RuntimeClass':
      list(child(o, 'overhead'), 'podFixed');
      break;
    case 'autoscaling/HorizontalPodAutoscaler':
      for (const metric of items(spec, 'metrics')) {
        // resource, pods, object, external, containerResource: each may hold a target.
        for (const source of Object.values(metric)) {
          const target = child(source, 'target');
          if (target) for (const key of ['value', 'averageValue']) field(target, key);
        }
      }
      break;
  }
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const child = (parent: unknown, key: string): Obj | undefined => (isObj(parent) && isObj(parent[key]) ? parent[key] : undefined);
const items = (parent: unknown, key: string): Obj[] => {
  const value = isObj(parent) ? parent[key] : undefined;
  return Array.isArray(value) ? value.filter(isObj) : [];
};

/** Canonicalizes `o[key]` when it is a quantity. */
function field(o: Obj, key: string): void {
  const value = o[key];
  if (typeof value !== 'string' && typeof value !== 'number') return;
  const quantity = parseQuantity(value);
  if (quantity) o[key] = canonicalQuantity(quantity);
}

/** A ResourceList (`{cpu: 0.5, memory: 1024Mi}`): every value is a quantity. */
function list(parent: unknown, key: string): void {
  const resources = child(parent, key);
  if (resources) for (const name of Object.keys(resources)) field(resources, name);
}

function requirements(resources: Obj | undefined): void {
  list(resources, 'requests');
  list(resources, 'limits');
}

function claimSpec(spec: Obj | undefined): void {
  requirements(child(spec, 'resources'));
}

function podSpec(spec: Obj | undefined): void {
  if (!spec) return;
  requirements(child(spec, 'resources')); // pod-level resources
  list(spec, 'overhead');
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const container of items(spec, key)) {
      requirements(child(container, 'resources'));
      for (const env of items(container, 'env')) divisor(child(child(env, 'valueFrom'), 'resourceFieldRef'));
    }
  }
  for (const volume of items(spec, 'volumes')) {
    const emptyDir = child(volume, 'emptyDir');
    if (emptyDir) field(emptyDir, 'sizeLimit');
    for (const item of items(child(volume, 'downwardAPI'), 'items')) divisor(child(item, 'resourceFieldRef'));
    for (const source of items(child(volume, 'projected'), 'sources')) {
      for (const item of items(child(source, 'downwardAPI'), 'items')) divisor(child(item, 'resourceFieldRef'));
    }
    claimSpec(child(child(child(volume, 'ephemeral'), 'volumeClaimTemplate'), 'spec'));
  }
}

function divisor(ref: Obj | undefined): void {
  if (ref) field(ref, 'divisor');
}
