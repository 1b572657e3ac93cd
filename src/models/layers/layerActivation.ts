import { LayerproofError } from '../../core/LayerproofError.js';
import { parseActivation, type Activation } from '../activation.js';
import type { LayerContext } from './LayerOperatorBuilder.js';
import { layerOp } from './layerConfig.js';

/**
 * The activation of a layer's `config.activation` (absent: linear), or the name layerproof
 * cannot evaluate (`logSoftmax`), for the builder to report as not supported.
 */
export function layerActivation(context: LayerContext): { readonly activation: Activation } | { readonly unknown: string } {
  const name = context.config.activation;
  try {
    return { activation: parseActivation(layerOp(context), 'config.activation', name) };
  } catch (error) {
    if (error instanceof LayerproofError && typeof name === 'string') return { unknown: name };
    throw error;
  }
}
