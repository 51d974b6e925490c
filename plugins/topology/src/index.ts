import { definePolicy, type JsonObject } from '@appmanager/plugin-sdk';

interface TopologyProperties {
  clusters?: string[];
  clusterLabelSelector?: Record<string, string>;
  namespace?: string;
  stage?: string;
}

/** Annotation keys the deploy step reads the placement from. */
export const annotations = {
  clusters: 'topology.appmanager.dev/clusters',
  clusterLabelSelector: 'topology.appmanager.dev/cluster-label-selector',
  stage: 'topology.appmanager.dev/stage',
} as const;

/**
 * A pure rewrite: the placement becomes part of the application (metadata.namespace and
 * annotations), so the application a deploy step receives says where it goes. Components
 * are untouched.
 */
export default definePolicy<TopologyProperties>({
  apply(_ctx, app, properties) {
    const metadata = { ...app.metadata };
    const current = metadata['annotations'];
    const notes: JsonObject = current && typeof current === 'object' && !Array.isArray(current) ? { ...current } : {};
    if (properties.clusters) notes[annotations.clusters] = properties.clusters.join(',');
    if (properties.clusterLabelSelector) notes[annotations.clusterLabelSelector] = JSON.stringify(properties.clusterLabelSelector);
    if (properties.stage) notes[annotations.stage] = properties.stage;
    metadata['annotations'] = notes;
    if (properties.namespace) metadata['namespace'] = properties.namespace;
    return { ...app, metadata };
  },
});
