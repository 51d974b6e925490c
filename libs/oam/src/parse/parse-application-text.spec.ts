import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_APPLICATION_BYTES, parseApplicationText } from '../index.js';
import { readExample } from '../test-support/example-catalog.fixture.js';

describe('parseApplicationText', () => {
  it('parses the hello example and keeps where each path was written', () => {
    const result = parseApplicationText(readExample('hello.yaml'), 'yaml');
    assert.ok(result.ok);
    const doc = result.document as { metadata: { name: string }; spec: { components: { name: string }[] } };
    assert.equal(doc.metadata.name, 'hello');
    assert.equal(doc.spec.components[0]!.name, 'api');
    // `name: api` is on line 10 of examples/hello.yaml, the value in column 13.
    assert.deepEqual(result.sourceMap.locate('spec.components[0].name'), { line: 10, column: 13 });
    // A path that is not written falls back to the nearest written ancestor.
    assert.deepEqual(result.sourceMap.locate('spec.components[0].inputs[3].from'), result.sourceMap.locate('spec.components[0]'));
  });

  it('reports malformed YAML with line and column', () => {
    const text = ['apiVersion: core.oam.dev/v1beta1', 'kind: Application', 'metadata:', '  name: x: y', 'spec: {}'].join('\n');
    const result = parseApplicationText(text, 'yaml');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.tooLarge, false);
    assert.ok(result.errors.length >= 1);
    const first = result.errors[0]!;
    assert.match(first.message, /^invalid YAML: /);
    assert.equal(first.line, 4);
    assert.equal(first.column, 9);
  });

  it('rejects a duplicate key at the second occurrence', () => {
    const result = parseApplicationText('kind: Application\nmetadata: {name: a}\nkind: Other\n', 'yaml');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.errors[0]!.line, 3);
    assert.match(result.errors[0]!.message, /unique/i);
  });

  it('reports malformed JSON with line and column', () => {
    const result = parseApplicationText('{\n  "kind": "Application",\n  "metadata": {"name": "x"}\n  "spec": {}\n}', 'json');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.errors[0]!.message, /^invalid JSON: /);
    assert.equal(result.errors[0]!.line, 4);
    assert.equal(result.errors[0]!.column, 3);
  });

  it('locates JSON errors that V8 reports without a position', () => {
    const result = parseApplicationText('{\n  "a": }', 'json');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.errors[0]!.line, 2);
    assert.doesNotMatch(result.errors[0]!.message, /is not valid JSON/);
  });

  it('parses JSON with a source map', () => {
    const result = parseApplicationText('{\n  "metadata": {\n    "name": "x"\n  }\n}', 'json');
    assert.ok(result.ok);
    assert.deepEqual(result.sourceMap.locate('metadata.name'), { line: 3, column: 13 });
  });

  it('refuses a document over 1 MiB without parsing it', () => {
    const text = `# ${'x'.repeat(MAX_APPLICATION_BYTES)}\n`;
    const result = parseApplicationText(text, 'yaml');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.tooLarge, true);
    assert.equal(result.errors[0]!.path, '');
    assert.match(result.errors[0]!.message, /1 MiB/);
  });

  it('reports an empty document', () => {
    const result = parseApplicationText('# nothing here\n', 'yaml');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.errors[0]!.message, /empty/);
  });

  it('bounds alias expansion ("billion laughs")', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`);
    const result = parseApplicationText(lines.join('\n'), 'yaml');
    assert.equal(result.ok, false);
  });
});
