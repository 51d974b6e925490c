/**
 * @appmanager/kube — the only project that imports @kubernetes/client-node: clusters
 * from kubeconfig, and list + watch with relist and a watchdog.
 */
export { clusterFromKubeconfig, clusterFromServer, type KubeCluster } from './kube-cluster.js';
export { collectionPath, type WatchTarget } from './watch-target.js';
export { ResourceWatch, type ResourceWatchHandlers, type ResourceWatchOptions, type WatchEventType, type KubeObject } from './resource-watch.js';
