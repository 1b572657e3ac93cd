import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { exampleRunner, examples, root } from '../support/readmeExamples.js';

/** docs/symmetry.md, run as written: every `ts` block runs against this checkout and prints the `text` block that follows it. */
const doc = readFileSync(join(root, 'docs', 'symmetry.md'), 'utf8');
const { run, remove } = exampleRunner();
afterAll(remove);

describe('docs/symmetry.md', () => {
  const blocks = examples(doc);

  test('the guide holds runnable assertEquivariant and borderBand examples with their output', () => {
    expect(blocks.filter((b) => b.expected !== undefined)).toHaveLength(2);
    expect(blocks.some((b) => b.code.includes('assertEquivariant(') && b.code.includes('stridedTranslation('))).toBe(true);
  });

  test.each(blocks.map((b, i) => [i, b.code, b.expected] as const))('block %i runs and prints what the guide shows', async (i, code, expected) => {
    const printed = await run(code, `symmetry-${i}`);
    if (expected !== undefined) expect(printed).toBe(expected);
  });

  test("negative control: the first example with zero ('same') padding instead of circular fails its first assertion", async () => {
    const block = blocks[0];
    const changed = (block?.code ?? '').replace("tf.conv2d(circularPad(x as tf.Tensor4D), kernel, stride, 'valid')", "tf.conv2d(x as tf.Tensor4D, kernel, stride, 'same')");
    expect(changed).not.toBe(block?.code);
    await expect(run(changed, 'symmetry-changed')).rejects.toThrow(/^Not equivariant: f\(g·x\) = g·f\(x\) fails .* under cyclic translation/);
  });
});
