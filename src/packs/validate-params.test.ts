import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKERS } from '../../checkers/index.js';
import { TEST_CHECKERS } from '../../test/broken-packs/test-checkers.js';
import { formatProblem, loadPacks } from './load.js';
import { packJsonSchemas } from './schema.js';

const fixtures = fileURLToPath(new URL('../../test/broken-packs/fixtures/', import.meta.url));
const valid = fileURLToPath(new URL('../../test/broken-packs/valid/', import.meta.url));

async function problemLines(dir: string): Promise<string[]> {
  const result = await loadPacks([join(fixtures, dir)], { checkers: TEST_CHECKERS, checkManifests: true });
  expect(result.tasks, 'a task with a broken params block is not loaded').toEqual([]);
  // Relative to the fixtures directory, so the expectations read like the CLI's lines.
  return result.problems.map((p) => formatProblem(p).slice(fixtures.length));
}

describe('params are validated when a pack is loaded, each problem at FILE:LINE:COL', () => {
  it('given parameters whose shape is wrong, then zod names each one at its key', async () => {
    expect(await problemLines('params-schema')).toEqual([
      'params-schema/task.yaml:11:9: params.ns.oneOf: oneOf needs at least one choice',
      'params-schema/task.yaml:12:3: params.1st: "1st": a parameter name starts with a letter, then letters, digits or "_"',
      'params-schema/task.yaml:13:10: params.app.choices: unknown key "choices"',
      'params-schema/task.yaml:14:19: params.port.port.min: a port is 1–65535',
      'params-schema/task.yaml:15:18: params.size.int.min: Invalid input: expected int, received number',
    ]);
  });

  it('given ranges that hold nothing, words that make no valid name and kinds given twice or not at all, then each is named', async () => {
    expect(await problemLines('params-rules')).toEqual([
      'params-rules/task.yaml:11:30: params.ns.oneOf[2]: duplicate choice "shop" (also oneOf[0]): each choice must differ, or one is drawn more often',
      'params-rules/task.yaml:12:15: params.replicas.int: min 5 is greater than max 2: the range holds no value',
      'params-rules/task.yaml:13:11: params.port.port: min 31000 is greater than max 30000: the range holds no value',
      'params-rules/task.yaml:14:33: params.app.name.words[0][1]: "Green" cannot be part of a name: a DNS-1123 name takes lower-case letters, digits and "-", starting and ending with a letter or digit',
      'params-rules/task.yaml:15:19: params.long.name.words: the longest name these words make has 77 characters; at most 63 are allowed',
      'params-rules/task.yaml:16:36: params.tier.label.words[0][1]: "-back" cannot be part of a label value: a label value takes letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      'params-rules/task.yaml:17:3: params.both: parameter both has oneOf and value: give exactly one of oneOf, int, port, name, label, value',
      'params-rules/task.yaml:18:3: params.none: parameter none needs one of oneOf, int, port, name, label, value',
    ]);
  });

  it('given placeholders naming unknown params, a circle of derived values, and a param where it is not filled in, then each points at the placeholder', async () => {
    const declared = "this task's params: ns, replicas, first, second, lost, node, choice";
    expect(await problemLines('params-refs')).toEqual([
      'params-refs/task.yaml:5:18: metadata.title: {{params.ns}} is not filled in under metadata: parameters expand only in statement, hints, setup, solution, walkthrough, alternatives, nearMisses, checks, docs',
      'params-refs/task.yaml:13:12: params.first.value: derived values refer to each other in a circle: first → second → first',
      `params-refs/task.yaml:15:19: params.lost.value: unknown parameter {{params.nope}}; did you mean {{params.node}}? ${declared}`,
      'params-refs/task.yaml:16:19: params.node.value: a derived value may use only {{params.NAME}}, not {{nodes.worker1}}',
      'params-refs/task.yaml:17:21: params.choice.oneOf[0]: a choice is a plain value; derive values from other parameters with value: "{{params.NAME}}…"',
      `params-refs/task.yaml:20:12: statement: unknown parameter {{params.replica}}; did you mean {{params.replicas}}? ${declared}`,
      'params-refs/task.yaml:21:12: statement: unknown template variable {{ns}}; did you mean {{params.ns}}? known: cluster, context, answers, nodes.controlplane, nodes.worker1, nodes.worker2',
      `params-refs/task.yaml:31:20: checks[0].ref: unknown parameter {{params.nss}}; did you mean {{params.ns}}? ${declared}`,
      `params-refs/task.yaml:34:26: docs[0].label: unknown parameter {{params.zone}}; did you mean {{params.node}}? ${declared}`,
    ]);
  });

  it('given a placeholder for a param in a task that declares none, then it says so (spaces inside the braces too)', async () => {
    expect(await problemLines('params-undeclared')).toEqual([
      'params-undeclared/task.yaml:12:35: hints[0]: unknown parameter {{params.ns}}: this task declares no params (add it under params:)',
    ]);
  });

  it('given the example pack with every kind of parameter, then it loads without a problem and keeps the declaration order', async () => {
    const result = await loadPacks([join(valid, 'params-example')], { checkers: CHECKERS, checkManifests: true });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(Object.keys(result.tasks[0]?.task.params ?? {})).toEqual(['ns', 'app', 'replicas', 'port', 'tier', 'backup']);
    // A port without bounds takes the NodePort range.
    expect(result.tasks[0]?.task.params?.port).toEqual({ port: { min: 30000, max: 32767 } });
  });
});

describe('pack schema', () => {
  it('describes params for editors: names by pattern, each kind as an optional key, a port defaulting to the NodePort range', () => {
    const params = (packJsonSchemas(CHECKERS).task.properties as Record<string, { propertyNames?: { pattern?: string }; additionalProperties?: { properties?: Record<string, unknown>; additionalProperties?: boolean } }>).params;
    expect(params?.propertyNames?.pattern).toBe('^[A-Za-z][A-Za-z0-9_]*$');
    expect(Object.keys(params?.additionalProperties?.properties ?? {})).toEqual(['oneOf', 'int', 'port', 'name', 'label', 'value']);
    expect(params?.additionalProperties?.additionalProperties).toBe(false);
    expect(JSON.stringify(params?.additionalProperties?.properties?.port)).toContain('"default":30000');
  });
});
