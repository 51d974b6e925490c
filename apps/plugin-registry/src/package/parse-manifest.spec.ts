import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { parseManifest } from './parse-manifest.js';

const valid = `kind: trait
name: env
version: 1.0.0
description: adds env
entry: src/index.ts
appliesTo: ['*']
stage: pre
schema: {type: object, properties: {vars: {type: object}}, x-secret: false}
`;

const problems = (file: string, text: string): DomainError => {
  try {
    parseManifest(file, text);
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error;
  }
  assert.fail('expected the manifest to be refused');
};

describe('parseManifest', () => {
  it('accepts a valid trait manifest (AppManager annotations allowed in the schema)', () => {
    assert.equal(parseManifest('manifest.yaml', valid).name, 'env');
  });

  it('names file, field and line for every problem at once', () => {
    const error = problems('manifest.yaml', valid.replace('1.0.0', 'latest').replace('name: env', 'name: Env_1').replace("appliesTo: ['*']\n", ''));
    assert.match(error.message, /manifest\.yaml:3:\d+: version: must be semver/);
    const byPath = new Map(error.errors.map((e) => [e.path, e]));
    assert.equal(byPath.get('manifest.yaml:version')?.line, 3);
    assert.ok(byPath.has('manifest.yaml:name'));
    assert.match(byPath.get('manifest.yaml:appliesTo')?.message ?? '', /required for a trait/);
  });

  it('lets a component say what terminate does to it, and only a component', () => {
    const component = `kind: component\nname: proc\nversion: 1.0.0\ndescription: runs\nentry: src/index.ts\nonTerminate: destroy\nschema: {type: object}\n`;
    assert.equal(parseManifest('manifest.yaml', component).onTerminate, 'destroy');
    assert.match(problems('manifest.yaml', component.replace('destroy', 'explode')).message, /onTerminate: must be destroy or keep/);
    assert.match(problems('manifest.yaml', `${valid}onTerminate: destroy\n`).message, /onTerminate: is only for components/);
  });

  it('refuses unknown fields and capabilities, and http without the capability', () => {
    const error = problems('manifest.json', JSON.stringify({ ...JSON.parse(JSON.stringify({ kind: 'policy', name: 'p', version: '1.0.0', description: 'd', entry: 'a.ts', schema: {} })), capabilites: ['http'], http: { allow: ['x.com'] } }));
    const paths = error.errors.map((e) => e.path);
    assert.ok(paths.includes('manifest.json:(root)') || paths.some((p) => p.startsWith('manifest.json')), paths.join());
    assert.match(error.message, /unknown field\(s\): capabilites/);
    assert.match(error.message, /http: needs the 'http' capability/);
  });

  it('refuses a schema that is not valid JSON Schema (strict mode)', () => {
    const error = problems('manifest.yaml', valid.replace('{type: object, properties', '{type: objekt, properties'));
    assert.match(error.message, /schema: is not a valid JSON Schema/);
  });

  it('reports YAML syntax errors with their position', () => {
    const error = problems('manifest.yaml', 'kind: trait\nname: [unclosed\n');
    assert.equal(error.errors[0]?.path, 'manifest.yaml');
    assert.equal(typeof error.errors[0]?.line, 'number');
  });
});
