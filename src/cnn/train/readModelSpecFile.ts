import { readFileSync } from 'node:fs';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { ModelSpec } from '../LayerSpec.js';
import { checkClassifierSpec } from './checkClassifierSpec.js';

/** A model spec from a JSON file (`{ "inputShape": [32, 32, 3], "layers": [...] }`), checked as a CIFAR-10 classifier. */
export function readModelSpecFile(path: string): ModelSpec {
  const op = 'readModelSpecFile';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LayerproofError(`Error in ${op}: the model spec file ${path} cannot be read. Valid: --model lenet, --model default, or a JSON model spec file.`, { op, argument: 'path', value: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LayerproofError(`Error in ${op}: ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { op, argument: 'path', value: path });
  }
  return checkClassifierSpec(parsed as ModelSpec, path);
}
