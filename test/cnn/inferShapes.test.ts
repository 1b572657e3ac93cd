import { describe, expect, test } from 'vitest';
import { inferShapes, LayerproofError, type LayerSpec, type ModelSpec } from '../../src/index.js';

/** The exercise's CNN with a third convolution, as the student wrote it (kernel k, 'valid' padding). */
function exerciseModel(kernel: number): ModelSpec {
  const block = (filters: number): LayerSpec[] => [
    { kind: 'conv2d', filters, kernel }, { kind: 'relu' }, { kind: 'maxPool', poolSize: 2 },
  ];
  return {
    inputShape: [32, 32, 3],
    layers: [...block(6), ...block(16), ...block(32), { kind: 'flatten' }, { kind: 'dense', units: 120 }, { kind: 'dense', units: 84 }, { kind: 'dense', units: 10 }],
  };
}

describe('inferShapes', () => {
  test('LeNet of the exercise: 32×32×3 → 28×28×6 → 14 → 10×10×16 → 5 → 400 → 120 → 84 → 10', () => {
    const layers = inferShapes({
      inputShape: [32, 32, 3],
      layers: [
        { kind: 'conv2d', filters: 6, kernel: 5, activation: 'relu' }, { kind: 'maxPool', poolSize: 2 },
        { kind: 'conv2d', filters: 16, kernel: 5, activation: 'relu' }, { kind: 'maxPool', poolSize: 2 },
        { kind: 'flatten' }, { kind: 'dense', units: 120, activation: 'relu' }, { kind: 'dense', units: 84, activation: 'relu' }, { kind: 'dense', units: 10 },
      ],
    });
    expect(layers.map((l) => l.outputShape)).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
    expect(layers.reduce((s, l) => s + l.params, 0)).toBe(62006);
  });

  test('the exercise network with a third 5×5 convolution is refused, naming the third convolution, its 1×1 output and its 5×5 kernel', () => {
    const call = () => inferShapes(exerciseModel(5));
    expect(call).toThrow(LayerproofError);
    expect(call).toThrow(/layer 9 \(maxPool\): a 2×2 window does not fit its 1×1 input/);
    expect(call).toThrow(/the third convolution, layer 7: a 5×5 kernel with padding 'valid' on its 5×5 input gives 1×1/);
  });

  test('with 6×6 kernels the third convolution itself does not fit its 4×4 input', () => {
    expect(() => inferShapes(exerciseModel(6))).toThrow(/layer 7 \(conv2d, the third convolution\): a 6×6 kernel does not fit its 4×4 input/);
  });

  test("the same network with 'same' padding is accepted (negative control of the refusal)", () => {
    const model = exerciseModel(5);
    const fixed: ModelSpec = { ...model, layers: model.layers.map((l) => (l.kind === 'conv2d' ? { ...l, padding: 'same' as const } : l)) };
    expect(inferShapes(fixed).at(-1)?.outputShape).toEqual([10]);
  });

  test('a dense layer on an image input asks for a flatten layer', () => {
    expect(() => inferShapes({ inputShape: [8, 8, 1], layers: [{ kind: 'dense', units: 3 }] })).toThrow(/needs a flat input but gets \[8, 8, 1\]\. Valid: add \{ kind: 'flatten' \} before it/);
  });

  test('a convolution after flatten is refused; an unknown kind lists the valid ones', () => {
    expect(() => inferShapes({ inputShape: [8, 8, 1], layers: [{ kind: 'flatten' }, { kind: 'conv2d', filters: 1, kernel: 1 }] })).toThrow(/needs an image input/);
    expect(() => inferShapes({ inputShape: [8, 8, 1], layers: [{ kind: 'conv3d' } as unknown as LayerSpec] })).toThrow(/model\.layers\[0\]\.kind must be one of 'conv2d'/);
  });
});
