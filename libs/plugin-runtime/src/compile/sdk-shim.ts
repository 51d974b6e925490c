/**
 * What `import … from '@appmanager/plugin-sdk'` resolves to inside a plugin bundle. The
 * SDK's runtime exports are identity helpers and constant lists; bundling the real
 * package would drag its module graph into every plugin, so this shim mirrors them
 * (a spec checks it stays in step with the SDK).
 */
export const sdkModuleName = '@appmanager/plugin-sdk';

export const sdkShimSource = `
const identity = (plugin) => plugin;
export const defineComponent = identity;
export const defineTrait = identity;
export const definePolicy = identity;
export const defineWorkflowStep = identity;
export const defineAddon = identity;
export const pluginKinds = Object.freeze(['component', 'trait', 'policy', 'workflow-step', 'addon']);
export const capabilityNames = Object.freeze(['kubernetes', 'http', 'local-processes', 'artifacts']);
`;
