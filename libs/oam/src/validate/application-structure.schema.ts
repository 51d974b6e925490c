import type { SchemaObject } from 'ajv';
import {
  DNS1123_MAX,
  MAX_COMPONENTS,
  MAX_TIMEOUT_SECONDS,
  OAM_API_VERSION,
  OAM_KIND,
  dns1123Label,
  dns1123Message,
  outputName,
  outputNameMessage,
} from '../model/application-limits.js';

/**
 * The shape of an Application, checked before any cross-reference rule. Components and
 * traits are closed (a typo like `dependOn` must not be silently ignored); KubeVela
 * fields we carry but do not use (`scopes`, `externalRevision`, step `if`/`meta`…) pass.
 */
const label = { type: 'string', maxLength: DNS1123_MAX, pattern: dns1123Label.source, 'x-message': dns1123Message };
const pluginType = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*(@[0-9A-Za-z.+-]+)?$',
  'x-message': 'must be a plugin name, optionally with @version (e.g. process or process@1.2.0)',
};
const properties = { type: 'object' };
const names = { type: 'array', items: { type: 'string' } };
const timeoutSeconds = { type: 'integer', minimum: 1, maximum: MAX_TIMEOUT_SECONDS };
const outputs = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'valueFrom'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: outputName.source, 'x-message': outputNameMessage },
      valueFrom: { type: 'string', minLength: 1 },
    },
  },
};
const inputs = {
  type: 'array',
  items: {
    type: 'object',
    required: ['from', 'parameterKey'],
    additionalProperties: false,
    properties: {
      from: { type: 'string', minLength: 1 },
      parameterKey: { type: 'string', pattern: '^[^.]+(\\.[^.]+)*$', 'x-message': 'must be a dotted path such as env.DB_URL' },
    },
  },
};
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

const trait = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: { type: pluginType, stage: { enum: ['pre', 'post'] }, properties, outputs, inputs },
};

const component = {
  type: 'object',
  required: ['name', 'type'],
  additionalProperties: false,
  properties: {
    name: label,
    type: pluginType,
    properties,
    dependsOn: names,
    inputs,
    outputs,
    traits: { type: 'array', items: trait },
    timeoutSeconds,
    scopes: {},
    externalRevision: {},
  },
};

const step = {
  type: 'object',
  required: ['name', 'type'],
  properties: { name: label, type: pluginType, properties, dependsOn: names, inputs, outputs, timeoutSeconds },
};

export const applicationStructureSchema: SchemaObject = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: OAM_API_VERSION },
    kind: { const: OAM_KIND },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: { name: label, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap },
    },
    spec: {
      type: 'object',
      required: ['components'],
      additionalProperties: false,
      properties: {
        parameters: { type: 'object' },
        components: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_COMPONENTS,
          items: component,
        },
        policies: {
          type: 'array',
          items: { type: 'object', required: ['name', 'type'], additionalProperties: false, properties: { name: label, type: pluginType, properties } },
        },
        workflow: {
          type: 'object',
          additionalProperties: false,
          properties: {
            // StepByStep | DAG, or KubeVela's {steps, subSteps}: checked in check-references.ts for a clear message.
            mode: { type: ['string', 'object'] },
            steps: { type: 'array', items: step },
            ref: { type: 'string' },
          },
        },
      },
    },
    status: {},
  },
};
