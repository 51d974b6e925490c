import { defineTrait, type JsonObject } from '@appmanager/plugin-sdk';

interface LabelsProperties {
  labels: Record<string, string>;
}

/** A pre-trait: returns the component's `labels` with these merged over them. */
export default defineTrait<LabelsProperties>({
  execute(_ctx, req) {
    const current = req.componentProperties['labels'];
    const labels: JsonObject = current && typeof current === 'object' && !Array.isArray(current) ? { ...current } : {};
    Object.assign(labels, req.properties.labels ?? {});
    return { patch: { labels } };
  },
});
