/** What to list and watch: a resource collection, optionally in one namespace and by labels. */
export interface WatchTarget {
  /** `v1`, or `group/version` (`apps/v1`). */
  apiVersion: string;
  kind: string;
  /** The resource's plural (`pods`): the URL segment of the collection. */
  plural: string;
  namespace?: string;
  labelSelector?: string;
}

/** `/api/v1/namespaces/ns/pods` or `/apis/apps/v1/deployments`. */
export function collectionPath(target: WatchTarget): string {
  const base = target.apiVersion.includes('/') ? `/apis/${target.apiVersion}` : `/api/${target.apiVersion}`;
  const namespace = target.namespace ? `/namespaces/${encodeURIComponent(target.namespace)}` : '';
  return `${base}${namespace}/${target.plural}`;
}
