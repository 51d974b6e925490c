// Test support only: reads the shared examples/ files. The lib itself does no I/O.
import { readFileSync } from 'node:fs';
import type { PluginCatalog, PluginRef, TraitPluginRef } from '../model/plugin-catalog.types.js';

/** Reads a file of the repository's examples/ folder (dist/test-support → repo root). */
export const readExample = (name: string): string =>
  readFileSync(new URL(`../../../../examples/${name}`, import.meta.url), 'utf8');

const processSchema = {
  type: 'object',
  required: ['command'],
  additionalProperties: false,
  properties: {
    command: { type: 'array', items: { type: 'string' }, minItems: 1 },
    port: { oneOf: [{ type: 'integer', minimum: 1, maximum: 65535 }, { const: 'auto' }] },
    replicas: { type: 'integer', minimum: 0 },
    env: { type: 'object', additionalProperties: { type: 'string' } },
    readiness: {
      type: 'object',
      properties: {
        httpGet: { type: 'object', required: ['path'], properties: { path: { type: 'string' } } },
        exitCode: { type: 'integer' },
      },
    },
  },
};

const databaseSchema = {
  type: 'object',
  properties: {
    sizeGiB: { type: 'integer', minimum: 1 },
    credentials: {
      type: 'object',
      properties: { user: { type: 'string' }, password: { type: 'string', 'x-secret': true } },
    },
  },
};

const components: Record<string, PluginRef> = {
  process: { name: 'process', version: '1.2.0', schema: processSchema },
  'process@1.2.0': { name: 'process', version: '1.2.0', schema: processSchema },
  'mysql-database': { name: 'mysql-database', version: '0.3.0', schema: databaseSchema },
};

const traits: Record<string, TraitPluginRef> = {
  env: {
    name: 'env',
    version: '1.0.0',
    stage: 'pre',
    appliesTo: ['*'],
    schema: { type: 'object', properties: { vars: { type: 'object', additionalProperties: { type: 'string' } } } },
  },
  'http-endpoint': {
    name: 'http-endpoint',
    version: '1.0.0',
    stage: 'post',
    appliesTo: ['process'],
    schema: { type: 'object', required: ['port'], properties: { port: { type: 'integer' } } },
  },
  backup: { name: 'backup', version: '1.0.0', stage: 'post', appliesTo: ['mysql-database'] },
};

const policies: Record<string, PluginRef> = {
  topology: { name: 'topology', version: '1.0.0' },
  override: { name: 'override', version: '1.0.0' },
};
const steps: Record<string, PluginRef> = {
  deploy: { name: 'deploy', version: '1.0.0' },
  suspend: { name: 'suspend', version: '1.0.0' },
};

const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** The plugins the examples use, as the plugin registry would describe them. */
export const exampleCatalog: PluginCatalog = {
  component: (type) => own(components, type),
  trait: (type) => own(traits, type),
  policy: (type) => own(policies, type),
  workflowStep: (type) => own(steps, type),
};
