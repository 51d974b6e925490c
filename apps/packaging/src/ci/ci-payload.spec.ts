import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ciBuildEvent } from '@appmanager/contracts';

/** The JSON Schema CI authors copy from docs/ci-trigger.md (the first ```json block). */
function documentedSchema(): object {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'ci-trigger.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(doc);
  assert.ok(block, 'docs/ci-trigger.md has a ```json block');
  return JSON.parse(block[1]!) as object;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is CommonJS: under nodenext its default import is the module object.
addFormats.default(ajv);
const validateDocumented = ajv.compile(documentedSchema());

const minimal = { eventId: 'pipeline-7', app: 'shop', component: 'web' };
const deployTo = { cluster: 'local', namespace: 'default', stage: 'default' };

/** [what, payload, accepted?] — both the service (zod) and the documented schema must agree. */
const cases: Array<[string, unknown, boolean]> = [
  ['the minimal event', minimal, true],
  ['every field', { ...minimal, version: '1.4.0-rc.1+b7', image: 'registry.local/web:7', commit: 'abc123', branch: 'main', artifactUrl: 'https://ci.example/web.tgz', deployTo }, true],
  ['the nats example of the doc', { eventId: '4711', app: 'shop', component: 'web', image: 'registry.local/web:abc', commit: 'abc', deployTo }, true],
  ['the curl example of the doc', { eventId: '4711', app: 'shop', component: 'web', artifactUrl: 'https://ci.example/artifacts/web.tgz' }, true],
  ['no eventId', { app: 'shop', component: 'web' }, false],
  ['an empty eventId', { ...minimal, eventId: '' }, false],
  ['an eventId over 100 characters', { ...minimal, eventId: 'x'.repeat(101) }, false],
  ['no component', { eventId: 'e', app: 'shop' }, false],
  ['an app that is not a DNS label', { ...minimal, app: 'Shop_1' }, false],
  ['a component ending in a dash', { ...minimal, component: 'web-' }, false],
  ['a version that is not semver', { ...minimal, version: '1.4' }, false],
  ['a version with a v prefix', { ...minimal, version: 'v1.4.0' }, false],
  ['an unknown field (a typo)', { ...minimal, verison: '1.4.0' }, false],
  ['an artifactUrl that is not a URL', { ...minimal, artifactUrl: 'web.tgz' }, false],
  ['an empty image', { ...minimal, image: '' }, false],
  ['an empty commit', { ...minimal, commit: '' }, false],
  ['deployTo without stage', { ...minimal, deployTo: { cluster: 'local', namespace: 'default' } }, false],
  ['deployTo with an unknown field', { ...minimal, deployTo: { ...deployTo, region: 'eu' } }, false],
  ['deployTo with an empty cluster', { ...minimal, deployTo: { ...deployTo, cluster: '' } }, false],
  ['a number as eventId', { ...minimal, eventId: 7 }, false],
  ['not an object', ['shop', 'web'], false],
];

describe('CI build event validation', () => {
  for (const [what, payload, accepted] of cases) {
    it(`${accepted ? 'accepts' : 'refuses'} ${what}, in the service and in the documented JSON Schema`, () => {
      const parsed = ciBuildEvent.safeParse(payload);
      assert.equal(parsed.success, accepted, parsed.success ? 'zod accepted it' : JSON.stringify(parsed.error.issues));
      assert.equal(validateDocumented(payload), accepted, JSON.stringify(validateDocumented.errors));
    });
  }

  it('names the offending field of a refused event', () => {
    const parsed = ciBuildEvent.safeParse({ ...minimal, version: '1.4', extra: true });
    assert.equal(parsed.success, false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.') || '(event)');
    assert.ok(paths.includes('version'), paths.join(', '));
    assert.ok(parsed.error!.issues.some((i) => i.code === 'unrecognized_keys' && i.keys.includes('extra')));
  });
});
