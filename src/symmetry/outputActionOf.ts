import type { GroupAction, OutputAction } from './GroupAction.js';
import type { ShapedArray } from './ShapedArray.js';

/**
 * The output action "act on the output by `action`, with the element `map(g)`": for a layer whose
 * output transforms by a related element of another (or the same) group, such as a stride-s layer,
 * whose output shifts by t when its input shifts by s·t. `map` may throw a LayerproofError for an
 * element it has no image for.
 */
export function outputActionOf<G, H>(action: GroupAction<H>, map: (g: G) => H, name = `${action.name} of the output`): OutputAction<G> {
  return {
    name,
    apply: (y: ShapedArray, g: G) => action.apply(y, map(g)),
    ...(action.ignored !== undefined && {
      ignored: (g: G, y: ShapedArray, x: ShapedArray) => action.ignored?.(map(g), y, x),
    }),
  };
}
