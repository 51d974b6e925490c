import { KubeConfig } from '@kubernetes/client-node';
import { DomainError } from '@appmanager/contracts';

/** A cluster to talk to; opaque outside this lib so no other project touches the client. */
export interface KubeCluster {
  readonly server: string;
  /** @internal the client's config (only this lib reads it). */
  readonly config: KubeConfig;
}

/** From a kubeconfig document (YAML or JSON), using its current context (or the one named). */
export function clusterFromKubeconfig(kubeconfig: string, context?: string): KubeCluster {
  const config = new KubeConfig();
  try {
    config.loadFromString(kubeconfig);
  } catch (error) {
    throw new DomainError('validation_failed', `the kubeconfig cannot be read: ${(error as Error).message}`, [{ path: 'kubeconfig', message: (error as Error).message }]);
  }
  if (context) config.setCurrentContext(context);
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new DomainError('validation_failed', 'the kubeconfig has no current cluster', [{ path: 'kubeconfig', message: 'no current-context cluster' }]);
  return { server: cluster.server, config };
}

/** A cluster reached at a URL without credentials (tests against the fake API server, kubectl proxy). */
export function clusterFromServer(server: string): KubeCluster {
  const config = new KubeConfig();
  config.loadFromOptions({
    // The client refuses plain http unless TLS verification is off (there is no TLS to verify then).
    clusters: [{ name: 'c', server, skipTLSVerify: server.startsWith('http:') }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return { server, config };
}
