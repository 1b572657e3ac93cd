import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeValue, LayerproofError } from '../../core/LayerproofError.js';
import type { tf } from '../../tfjs/tf.js';

type WeightSpec = tf.io.WeightsManifestEntry;

const op = 'loadModel';

/** Bytes per value of every dtype a weight (or its quantized storage) may have; as tfjs's DTYPE_VALUE_SIZE_MAP. */
const VALUE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8, float16: 2, uint16: 2, uint8: 1 };
const WEIGHT_DTYPES = ['float32', 'int32', 'bool', 'complex64', 'string'] as const;
const QUANTIZED_DTYPES = ['uint8', 'uint16', 'float16'] as const;
/** A string weight stores each element as a 4-byte length followed by its bytes. */
const STRING_LENGTH_BYTES = 4;

/** The weights of a model, as tfjs's decodeWeights takes them: specs in manifest order and their bytes concatenated. */
export interface ModelWeights {
  readonly specs: WeightSpec[];
  readonly data: ArrayBuffer;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `conv2d/kernel [3,3,1,8] float32` (with its storage dtype when quantized). */
export function describeWeight(spec: WeightSpec): string {
  const stored = spec.quantization === undefined ? spec.dtype : `${spec.dtype} stored as ${spec.quantization.dtype}`;
  return `${spec.name} [${spec.shape.join(',')}] ${stored}`;
}

/** Validates one manifest entry, so that tfjs's decoder never sees a shape or dtype it would choke on. */
function checkSpec(file: string, where: string, entry: unknown): WeightSpec {
  if (!isObject(entry) || typeof entry.name !== 'string') {
    throw LayerproofError.invalid({ op, argument: `${file}: ${where}`, value: entry, expected: 'a weight entry {name, shape, dtype}' });
  }
  const name = entry.name;
  const { shape, dtype, quantization } = entry;
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    throw LayerproofError.invalid({ op, argument: `${file}: weight '${name}' shape`, value: shape, expected: 'an array of non-negative integers' });
  }
  if (typeof dtype !== 'string' || !(WEIGHT_DTYPES as readonly string[]).includes(dtype)) {
    throw LayerproofError.invalid({ op, argument: `${file}: weight '${name}' dtype`, value: dtype, expected: `one of ${WEIGHT_DTYPES.join(', ')}` });
  }
  const spec: WeightSpec = { name, shape: shape as number[], dtype: dtype as WeightSpec['dtype'] };
  if (typeof entry.group === 'string' && (entry.group === 'model' || entry.group === 'optimizer')) spec.group = entry.group;
  if (quantization === undefined || quantization === null) return spec;
  const argument = `${file}: weight '${name}' quantization`;
  if (!isObject(quantization) || !(QUANTIZED_DTYPES as readonly string[]).includes(quantization.dtype as string)) {
    throw LayerproofError.invalid({ op, argument, value: quantization, expected: `{dtype: 'uint8' | 'uint16' | 'float16', scale, min} (the quantization tensorflowjs_converter writes)` });
  }
  const qDtype = quantization.dtype as (typeof QUANTIZED_DTYPES)[number];
  if (qDtype === 'float16') {
    if (dtype !== 'float32') {
      throw LayerproofError.invalid({ op, argument: `${file}: weight '${name}' dtype`, value: dtype, expected: "'float32' for a weight quantized as float16" });
    }
    spec.quantization = { dtype: qDtype };
    return spec;
  }
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw LayerproofError.invalid({ op, argument: `${file}: weight '${name}' dtype`, value: dtype, expected: `'float32' or 'int32' for a weight quantized as ${qDtype}` });
  }
  const { scale, min } = quantization;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || typeof min !== 'number' || !Number.isFinite(min)) {
    throw LayerproofError.invalid({ op, argument, value: quantization, expected: `finite numbers scale and min with dtype '${qDtype}' (values are q·scale + min)` });
  }
  spec.quantization = { dtype: qDtype, scale, min };
  return spec;
}

/**
 * Bytes that each weight of a group takes in `bytes` (its shards concatenated), in order. A
 * quantized weight takes its storage dtype's size per value; a string weight is walked through
 * its length prefixes. Returns the offsets (one more than the specs), stopping early with
 * `Infinity` where a string weight runs past the end.
 */
function weightOffsets(specs: readonly WeightSpec[], bytes: Uint8Array): number[] {
  const offsets = [0];
  let offset = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const spec of specs) {
    if (spec.dtype === 'string' && spec.quantization === undefined) {
      for (let i = 0; i < shapeSize(spec.shape) && Number.isFinite(offset); i++) {
        offset = offset + STRING_LENGTH_BYTES <= bytes.byteLength ? offset + STRING_LENGTH_BYTES + view.getUint32(offset, true) : Infinity;
      }
    } else {
      offset += shapeSize(spec.shape) * (VALUE_BYTES[spec.quantization?.dtype ?? spec.dtype] ?? 0);
    }
    offsets.push(offset);
  }
  return offsets;
}

function listWeights(specs: readonly WeightSpec[], offsets: readonly number[], from = 0, max = 8): string {
  const items = specs.slice(from, from + max).map((s, k) => {
    const i = from + k;
    const start = offsets[i] ?? 0;
    const end = offsets[i + 1] ?? Infinity;
    return `${describeWeight(s)} (bytes ${start}–${Number.isFinite(end) ? end : '…'})`;
  });
  const more = specs.length - from - max;
  return items.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

interface Shard {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Explains a group whose shards do not hold exactly the bytes its weights need. */
function sizeMismatch(file: string, group: number, shards: readonly Shard[], specs: readonly WeightSpec[], offsets: readonly number[], actual: number): LayerproofError {
  const expected = offsets[offsets.length - 1] ?? 0;
  const where = `weight group ${group + 1} of ${file}`;
  const shardList = shards.map((s) => `${s.path} (${s.bytes.byteLength} bytes)`).join(', ');
  let detail: string;
  if (specs.length === 1 && specs[0] !== undefined && Number.isFinite(expected)) {
    const spec = specs[0];
    const per = VALUE_BYTES[spec.quantization?.dtype ?? spec.dtype] ?? 0;
    detail = `its one weight ${describeWeight(spec)} needs ${shapeSize(spec.shape)} values × ${per} bytes = ${expected} bytes, but its shards hold ${actual} bytes ` +
      '(the shape or dtype in the manifest disagrees with the data, or the shard is truncated or from another model)';
  } else if (actual < expected) {
    const first = offsets.findIndex((end, i) => i > 0 && end > actual) - 1;
    detail = `its weights need ${Number.isFinite(expected) ? expected : 'more'} bytes but its shards hold ${actual}: ` +
      `${Number.isFinite(expected) ? `${expected - actual} bytes are missing, and ` : ''}the weights from ${listWeights(specs, offsets, Math.max(0, first), 4)} lie past the end ` +
      '(a shard is truncated or missing bytes; copy or download the model again)';
  } else {
    detail = `its weights need ${expected} bytes but its shards hold ${actual}, ${actual - expected} bytes too many ` +
      `(the manifest's shapes or dtypes disagree with the data, or a shard is from another model); the group holds ${listWeights(specs, offsets)}`;
  }
  // Converter shards are all the same size but the last: a smaller one before it is the likely culprit.
  const firstSize = shards[0]?.bytes.byteLength ?? 0;
  const odd = shards.slice(0, -1).find((s) => s.bytes.byteLength !== firstSize);
  const suspect = odd === undefined ? '' : ` Shard ${odd.path} differs in size from the shards before the last (${firstSize} bytes).`;
  return new LayerproofError(`Error in ${op}: ${where} (${shardList}): ${detail}.${suspect}`, { op, argument: `weightsManifest[${group}]`, value: { expected, actual } });
}

/**
 * Reads the weight shards named by a model.json's weightsManifest from disk (paths relative to the
 * model.json), group by group and shard by shard in order, and checks that each group's shards
 * hold exactly the bytes its weights need (quantized weights counted at their storage dtype's
 * size). Returns null when the model.json has no weightsManifest.
 */
export async function readWeights(modelJsonPath: string, manifest: unknown): Promise<ModelWeights | null> {
  if (manifest === undefined || manifest === null) return null;
  const file = modelJsonPath;
  if (!Array.isArray(manifest)) {
    throw LayerproofError.invalid({ op, argument: `${file}: weightsManifest`, value: manifest, expected: 'an array of groups {paths: [shard files], weights: [{name, shape, dtype}]}' });
  }
  const folder = dirname(modelJsonPath);
  const specs: WeightSpec[] = [];
  const groupBytes: Uint8Array[] = [];
  for (const [g, group] of manifest.entries()) {
    if (!isObject(group) || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string') || !Array.isArray(group.weights)) {
      throw LayerproofError.invalid({ op, argument: `${file}: weightsManifest[${g}]`, value: group, expected: 'a group {paths: [shard files], weights: [{name, shape, dtype}]}' });
    }
    const groupSpecs = group.weights.map((w, i) => checkSpec(file, `weightsManifest[${g}].weights[${i}]`, w));
    const shards: Shard[] = [];
    for (const relative of group.paths) {
      const path = resolve(folder, relative);
      try {
        shards.push({ path, bytes: await readFile(path) });
      } catch (error) {
        const held = groupSpecs.length === 0 ? 'no weights' : `weights ${groupSpecs.slice(0, 6).map((s) => s.name).join(', ')}${groupSpecs.length > 6 ? ` and ${groupSpecs.length - 6} more` : ''}`;
        throw new LayerproofError(
          `Error in ${op}: the weight shard ${path}, listed in ${file} (weight group ${g + 1}, which holds ${held}), ` +
            `${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`}; ` +
            'keep every .bin file next to model.json as the converter wrote them.',
          { op, argument: 'weightsManifest.paths', value: relative, cause: error },
        );
      }
    }
    const total = shards.reduce((n, s) => n + s.bytes.byteLength, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const shard of shards) {
      bytes.set(shard.bytes, at);
      at += shard.bytes.byteLength;
    }
    const offsets = weightOffsets(groupSpecs, bytes);
    if (offsets[offsets.length - 1] !== total) throw sizeMismatch(file, g, shards, groupSpecs, offsets, total);
    specs.push(...groupSpecs);
    groupBytes.push(bytes);
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) {
      throw LayerproofError.invalid({ op, argument: `${file}: weightsManifest`, value: spec.name, expected: `weights of distinct names (${describeValue(spec.name)} is listed twice)` });
    }
    seen.add(spec.name);
  }
  const data = new Uint8Array(groupBytes.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const bytes of groupBytes) {
    data.set(bytes, at);
    at += bytes.byteLength;
  }
  return { specs, data: data.buffer };
}
