import { defineTrait, type JsonObject } from '@appmanager/plugin-sdk';

interface EnvProperties {
  vars: Record<string, string | number | boolean>;
}

/** A pre-trait: returns the component's `env` with `vars` merged over it. */
export default defineTrait<EnvProperties>({
  execute(_ctx, req) {
    const current = req.componentProperties['env'];
    const env: JsonObject = current && typeof current === 'object' && !Array.isArray(current) ? { ...current } : {};
    for (const [name, value] of Object.entries(req.properties.vars ?? {})) env[name] = String(value);
    return { patch: { env } };
  },
});
