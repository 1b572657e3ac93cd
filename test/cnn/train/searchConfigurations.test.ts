import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  defaultModelSpec, inferShapes, learningRateAt, lenetSpec, LayerproofError, ONE_CYCLE_WARMUP, readModelSpecFile, searchConfigurations,
  type ModelSpec,
} from '../../../src/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-search-'));
function specFile(name: string, contents: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return path;
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof LayerproofError) return error.message;
    throw error;
  }
  throw new Error('expected a LayerproofError');
}

describe('model specs', () => {
  test('lenet with kernel 5 is the exercise network: 400 features after the second pooling, 62,006 parameters', () => {
    const layers = inferShapes(lenetSpec(5));
    expect(layers[3]?.outputShape).toEqual([5, 5, 16]);
    expect(layers.reduce((n, l) => n + l.params, 0)).toBe(62_006);
  });

  test('lenet with kernels 3 and 6 fits; the default model keeps 32×32 until each pooling', () => {
    expect(inferShapes(lenetSpec(3))[4]?.outputShape).toEqual([576]);
    expect(inferShapes(lenetSpec(6))[4]?.outputShape).toEqual([256]);
    const d = inferShapes(defaultModelSpec());
    expect(d.filter((l) => l.spec.kind === 'maxPool').map((l) => l.outputShape)).toEqual([[16, 16, 16], [8, 8, 32], [4, 4, 64]]);
    expect(d[d.length - 1]?.outputShape).toEqual([10]);
  });

  test("the student's third 5×5 convolution is refused before any training, naming the layer", () => {
    const broken: ModelSpec = {
      inputShape: [32, 32, 3],
      layers: [...lenetSpec(5).layers.slice(0, 4), { kind: 'conv2d', filters: 32, kernel: 5 }, { kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 10 }],
    };
    const text = message(() => searchConfigurations({ model: specFile('broken.json', broken) }));
    expect(text).toContain('layer 6 (maxPool)');
    expect(text).toContain('the third convolution');
  });

  test('spec files: not JSON, a wrong output, a softmax output and a wrong input are refused', () => {
    expect(message(() => readModelSpecFile(specFile('bad.json', '{ nope')))).toContain('not valid JSON');
    expect(message(() => readModelSpecFile(join(scratch, 'missing.json')))).toContain('cannot be read');
    const body = lenetSpec(5).layers.slice(0, -1);
    expect(message(() => readModelSpecFile(specFile('out.json', { inputShape: [32, 32, 3], layers: [...body, { kind: 'dense', units: 7 }] })))).toContain('one logit per class');
    expect(message(() => readModelSpecFile(specFile('soft.json', { inputShape: [32, 32, 3], layers: [...body, { kind: 'dense', units: 10, activation: 'softmax' }] })))).toContain("'linear'");
    expect(message(() => readModelSpecFile(specFile('in.json', { inputShape: [28, 28, 1], layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10 }] })))).toContain('[32, 32, 3]');
  });
});

describe('searchConfigurations', () => {
  test("lenet's grid is the exercise's: learning rate {0.01, 0.001} × kernel {3, 5, 6}, Adam, 30 epochs", () => {
    const configs = searchConfigurations({ model: 'lenet' });
    expect(configs.map((c) => [c.learningRate, c.kernel])).toEqual([[0.01, 3], [0.01, 5], [0.01, 6], [0.001, 3], [0.001, 5], [0.001, 6]]);
    expect(new Set(configs.map((c) => `${c.optimizer} ${c.epochs} ${c.batchSize}`))).toEqual(new Set(['adam 30 128']));
    expect(configs.map((c) => c.id)).toEqual(['c01', 'c02', 'c03', 'c04', 'c05', 'c06']);
  });

  test('the recipe of the sanity run: --kernel 5 --lr 1e-3 is a single configuration; --budget cuts a grid', () => {
    expect(searchConfigurations({ model: 'lenet', kernels: [5], learningRates: [1e-3] })).toHaveLength(1);
    expect(searchConfigurations({ model: 'lenet', budget: 4 })).toHaveLength(4);
  });

  test("the default model's search: SGD, one-cycle, augmentation, label smoothing, weight decay, over the peak rate", () => {
    const configs = searchConfigurations({ model: 'default' });
    expect(configs.map((c) => c.learningRate)).toEqual([0.2, 0.4]);
    for (const c of configs) expect([c.optimizer, c.schedule, c.augment, c.labelSmoothing, c.weightDecay, c.epochs]).toEqual(['sgd', 'onecycle', true, 0.1, 5e-4, 60]);
  });

  test.prop([fc.integer({ min: 1, max: 8 }), fc.integer()], { numRuns: 10 })('random search draws budget configurations inside the range, reproducibly', (budget, seed) => {
    const a = searchConfigurations({ model: 'lenet', search: 'random', budget, seed, learningRates: [1e-4, 1e-2] });
    expect(a).toHaveLength(budget);
    for (const c of a) {
      expect(c.learningRate).toBeGreaterThanOrEqual(1e-4 * 0.999);
      expect(c.learningRate).toBeLessThanOrEqual(1e-2 * 1.001);
      expect([3, 5, 6]).toContain(c.kernel);
    }
    expect(searchConfigurations({ model: 'lenet', search: 'random', budget, seed, learningRates: [1e-4, 1e-2] })).toEqual(a);
  });

  test('bad options are refused naming the option', () => {
    expect(message(() => searchConfigurations({ model: 'lenet', learningRates: [-1] }))).toContain('learningRates');
    expect(message(() => searchConfigurations({ model: 'lenet', epochs: 0 }))).toContain('epochs');
    expect(message(() => searchConfigurations({ model: 'lenet', budget: 0 }))).toContain('budget');
    expect(message(() => searchConfigurations({ model: 'lenet', kernels: [40] }))).toContain('does not fit');
  });
});

describe('learningRateAt', () => {
  test.prop([fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.integer({ min: 20, max: 5000 })], { numRuns: 30 })(
    'one-cycle: from peak/25 up to the peak at a quarter of the steps, then down to 0 at the last step',
    (peak, total) => {
      const at = (s: number): number => learningRateAt('onecycle', peak, s, total);
      expect(at(0)).toBeCloseTo(peak / 25, 10);
      const warm = Math.ceil(ONE_CYCLE_WARMUP * total);
      for (let s = 1; s < total; s++) {
        if (s < warm) expect(at(s)).toBeGreaterThanOrEqual(at(s - 1));
        else if (s > warm) expect(at(s)).toBeLessThanOrEqual(at(s - 1));
      }
      expect(Math.max(at(warm - 1), at(warm))).toBeGreaterThan(0.95 * peak);
      expect(at(total - 1)).toBeCloseTo(0, 12);
    },
  );

  test('negative control: the constant schedule stays at its rate', () => {
    expect(learningRateAt('constant', 0.1, 0, 100)).toBe(0.1);
    expect(learningRateAt('constant', 0.1, 99, 100)).toBe(0.1);
  });
});
