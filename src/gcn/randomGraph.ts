import { randomInt, type Rng } from '../core/rng.js';
import { positiveInteger } from '../core/validate.js';
import { LayerproofError } from '../core/LayerproofError.js';
import { buildGraph, graphConstraints, type GraphConstraints } from './GraphConstraints.js';

/**
 * A random graph on `n` nodes (Erdős–Rényi: each possible edge independently with
 * probability `density`), reproducible from the seeded `rng`. Returns its adjacency matrix;
 * the constraints are those of the `graph` arbitrary in layerproof/testing.
 */
export function randomGraph(n: number, rng: Rng, constraints: GraphConstraints = {}): number[][] {
  const op = 'randomGraph';
  positiveInteger(op, 'n', n);
  if (typeof rng !== 'function') throw LayerproofError.invalid({ op, argument: 'rng', value: rng, expected: 'a seeded generator from createRng(seed)' });
  const c = graphConstraints(op, 'constraints', constraints, n);
  const density = c.density ?? rng();
  const weight = (): number =>
    c.weights === 'binary' ? 1 : c.weights === 'integer' ? randomInt(rng, 1, 5) : 1 - rng();
  return buildGraph(n, c, () => rng() < density, weight, randomInt(rng, 0, n - 1));
}
