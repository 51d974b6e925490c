import type {
  ArtifactsCapability,
  CapabilityName,
  HttpCapability,
  KubernetesCapability,
  ProcessesCapability,
} from '@appmanager/plugin-sdk';

/**
 * Host implementations the caller grants for one call. A plugin sees one only if its
 * manifest declares it too. `processes` carries the `local-processes` capability.
 */
export interface HostCapabilities {
  http?: HttpCapability;
  processes?: ProcessesCapability;
  artifacts?: ArtifactsCapability;
  kubernetes?: KubernetesCapability;
}

/** Capability name → the key in HostCapabilities (and on `ctx`). */
export const capabilityKeys: Record<CapabilityName, keyof HostCapabilities> = {
  kubernetes: 'kubernetes',
  http: 'http',
  'local-processes': 'processes',
  artifacts: 'artifacts',
};

/** The methods a guest may invoke per capability; anything else is refused at the bridge. */
export const capabilityMethods: Record<CapabilityName, readonly string[]> = {
  kubernetes: ['apply', 'get', 'delete'],
  http: ['fetch'],
  'local-processes': ['start', 'status', 'stop', 'logs'],
  artifacts: ['get', 'put'],
};

/** Declared by the manifest AND granted by the caller, as the comma list the guest reads. */
export function availableCapabilities(declared: readonly CapabilityName[], granted: HostCapabilities | undefined): string {
  if (!granted || declared.length === 0) return '';
  return declared.filter((name) => granted[capabilityKeys[name]] !== undefined).join(',');
}
