import { afterAll, describe, expect, test } from 'vitest';
import { exampleRunner, examples, readmeSection } from '../support/readmeExamples.js';

/**
 * The README's GCN section, run as written (as mathjs runs its documentation examples): every
 * `ts` block runs against this checkout, and where a `text` block follows it, what the block
 * prints must equal that text. So the docs cannot go stale.
 */
const section = readmeSection('Graph convolutional networks');

const { run, remove } = exampleRunner();
afterAll(remove);

describe('README: Graph convolutional networks', () => {
  const blocks = examples(section);

  test('the section exists and holds a runnable assertPermutationInvariant example with its output', () => {
    expect(section).not.toBe('');
    expect(blocks.some((b) => b.code.includes('assertPermutationInvariant(') && b.expected !== undefined)).toBe(true);
  });

  test.each(blocks.map((b, i) => [i, b.code, b.expected] as const))('block %i runs and prints what the README shows', async (i, code, expected) => {
    const printed = await run(code, `example-${i}`);
    if (expected !== undefined) expect(printed).toBe(expected);
  });

  test('negative control: the example with another seed prints another counterexample than the README shows', async () => {
    const block = blocks.find((b) => b.code.includes('assertPermutationInvariant(firstNode') && b.expected !== undefined);
    expect(block).toBeDefined();
    const changed = (block?.code ?? '').replace('assertPermutationInvariant(firstNode, { nodes: 6, features: 2, seed: 1 })', 'assertPermutationInvariant(firstNode, { nodes: 6, features: 2, seed: 2 })');
    expect(changed).not.toBe(block?.code);
    expect(await run(changed, 'changed-seed')).not.toBe(block?.expected);
  });
});
