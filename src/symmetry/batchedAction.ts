import type { GroupAction, OutputAction } from './GroupAction.js';
import type { ShapedArray } from './ShapedArray.js';

/** The samples of a batch `[B, ...shape]`, each of `shape`. */
export function unstack(x: ShapedArray): ShapedArray[] {
  const [batch = 1, ...shape] = x.shape;
  const size = x.data.length / Math.max(1, batch);
  return Array.from({ length: batch }, (_v, b) => ({ data: x.data.slice(b * size, (b + 1) * size), shape }));
}

/** Samples of one shape as a batch `[B, ...shape]`. */
export function stack(samples: readonly ShapedArray[]): ShapedArray {
  const size = samples[0]?.data.length ?? 0;
  const data = new Float64Array(samples.length * size);
  samples.forEach((s, b) => data.set(s.data, b * size));
  return { data, shape: [samples.length, ...(samples[0]?.shape ?? [])] };
}

/**
 * An action on single inputs lifted to batches `[B, ...shape]`, acting on every sample alike, so that
 * an action written for one input (a node permutation of `[n, d]`) serves a check that feeds f batches.
 * Elements are those acting on the first sample.
 */
export function batchedAction<G>(action: GroupAction<G>): GroupAction<G> {
  const first = (x: ShapedArray): ShapedArray => unstack(x)[0] ?? x;
  return {
    name: action.name,
    apply: (x, g) => stack(unstack(x).map((s) => action.apply(s, g))),
    order: (x) => action.order(first(x)),
    elements: (x) => action.elements(first(x)),
    random: (x, rng) => action.random(first(x), rng),
    describe: (g) => action.describe(g),
    kind: (g) => action.kind(g),
    size: (g) => action.size(g),
    ...(action.validate !== undefined && { validate: (op: string, argument: string, x: ShapedArray) => action.validate?.(op, argument, first(x)) }),
  };
}

/** An output action lifted to batches as `batchedAction` lifts an input action: sample b of f's output pairs with sample b of x. */
export function batchedOutputAction<G>(action: OutputAction<G>): OutputAction<G> {
  const { ignored } = action;
  return {
    name: action.name,
    apply: (y, g, x) => {
      const xs = unstack(x);
      return stack(unstack(y).map((s, b) => action.apply(s, g, xs[b] ?? s)));
    },
    ...(ignored !== undefined && {
      ignored: (g: G, y: ShapedArray, x: ShapedArray) => {
        const xs = unstack(x);
        const masks = unstack(y).map((s, b) => ignored.call(action, g, s, xs[b] ?? s));
        if (masks.every((m) => m === undefined)) return undefined;
        const size = y.data.length / Math.max(1, masks.length);
        const mask = new Uint8Array(y.data.length);
        masks.forEach((m, b) => {
          if (m !== undefined) mask.set(m, b * size);
        });
        return mask;
      },
    }),
  };
}
