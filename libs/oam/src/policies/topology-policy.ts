import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import { dns1123Label, dns1123Message } from '../model/application-limits.js';
import { asRecord } from '../validate/unknown-access.js';

/** Where a `topology` policy deploys (KubeVela's names, plus our `stage`). */
export interface Topology {
  clusters: string[];
  clusterLabelSelector?: Record<string, string>;
  namespace?: string;
  stage?: string;
}

/**
 * Reads a `topology` policy's properties. Needs `clusters` or `clusterLabelSelector`
 * (KubeVela's older `clusterSelector` is accepted as the latter).
 * Throws DomainError `validation_failed` (paths relative to the policy's properties).
 */
export function readTopology(properties: unknown): Topology {
  const root = asRecord(properties);
  if (!root) throw invalid([{ path: '', message: 'must be an object' }]);
  const errors: ErrorDetail[] = [];
  const clusters = root['clusters'];
  if (clusters !== undefined && (!Array.isArray(clusters) || clusters.some((c) => typeof c !== 'string' || c === ''))) {
    errors.push({ path: 'clusters', message: 'must be a list of cluster names' });
  }
  const selectorKey = root['clusterLabelSelector'] !== undefined ? 'clusterLabelSelector' : 'clusterSelector';
  const selector = root[selectorKey];
  const selectorMap = asRecord(selector);
  if (selector !== undefined && (!selectorMap || Object.values(selectorMap).some((v) => typeof v !== 'string'))) {
    errors.push({ path: selectorKey, message: 'must map label names to string values' });
  }
  if ((!Array.isArray(clusters) || clusters.length === 0) && selector === undefined) {
    errors.push({ path: 'clusters', message: 'name at least one cluster, or give clusterLabelSelector' });
  }
  for (const key of ['namespace', 'stage'] as const) {
    const value = root[key];
    if (value !== undefined && (typeof value !== 'string' || value.length > 63 || !dns1123Label.test(value))) {
      errors.push({ path: key, message: dns1123Message });
    }
  }
  if (errors.length > 0) throw invalid(errors);
  return {
    clusters: Array.isArray(clusters) ? [...(clusters as string[])] : [],
    ...(selector !== undefined ? { clusterLabelSelector: { ...(selector as Record<string, string>) } } : {}),
    ...(typeof root['namespace'] === 'string' ? { namespace: root['namespace'] } : {}),
    ...(typeof root['stage'] === 'string' ? { stage: root['stage'] } : {}),
  };
}

const invalid = (errors: ErrorDetail[]): DomainError => new DomainError('validation_failed', 'invalid topology policy', errors);
