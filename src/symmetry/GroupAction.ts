import type { Rng } from '../core/rng.js';
import type { ShapedArray } from './ShapedArray.js';

/**
 * A group acting on inputs of type X (images `[..., H, W, C]` by default, or graphs): the
 * transformations an equivariance check applies. Zero-fill translations are not a group (a shift
 * loses the rows it pushes out) but are checked the same way. Every method is pure.
 */
export interface GroupAction<G, X = ShapedArray> {
  /** `cyclic translation`: the action in messages. */
  readonly name: string;
  /** g·x, as a new value; x is not changed. Throws a LayerproofError when g cannot act on x. */
  apply: (x: X, g: G) => X;
  /** How many elements act on x (Infinity when too many to count). */
  order: (x: X) => number;
  /** Every element acting on x, the identity first; only called when `order(x)` is small enough to list. */
  elements: (x: X) => Iterable<G>;
  /** One element acting on x, drawn uniformly with the seeded `rng`. */
  random: (x: X, rng: Rng) => G;
  /** g in words for a message: `cyclic shift by (1, −2) (rows, columns)`. */
  describe: (g: G) => string;
  /** The kind of transformation g is (`rotation by 90°`): a check reports its largest error per kind, as e3nn does. */
  kind: (g: G) => string;
  /** How far g is from the identity (0 for it): of the elements that fail on one input, the smallest is reported. */
  size: (g: G) => number;
  /** Throws a LayerproofError naming `op` and `argument` when the action cannot act on inputs like x. */
  validate?: (op: string, argument: string, x: X) => void;
  /** Entries of an output y = f(x) not to compare for g (1: ignored), such as the border band of a zero-padded convolution. */
  ignored?: (g: G, y: ShapedArray, x: X) => Uint8Array | undefined;
}

/**
 * How the outputs of an equivariant map transform, given the element g that acted on its input x:
 * the check compares f(g·x) with `apply(f(x), g, x)`. An image action serves as its own output
 * action; a stride-s layer needs a different one (input shift s·t, output shift t: `stridedTranslation`).
 */
export interface OutputAction<G, X = ShapedArray> {
  readonly name: string;
  apply: (y: ShapedArray, g: G, x: X) => ShapedArray;
  /** As `GroupAction.ignored`. */
  ignored?: (g: G, y: ShapedArray, x: X) => Uint8Array | undefined;
}
