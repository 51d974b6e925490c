/** Where something is delivered: an app instance is (app, cluster, namespace, stage). */
export interface DeliveryTarget {
  cluster: string;
  /** `local`: supervised processes on the host; `kubernetes`: a registered cluster. */
  clusterKind: 'local' | 'kubernetes';
  namespace: string;
  stage: string;
}
