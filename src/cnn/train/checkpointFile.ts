import { readFileSync } from 'node:fs';
import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Magic line that opens a layerproof checkpoint file. */
const MAGIC = 'LAYERPROOF-CHECKPOINT 1\n';

interface TensorEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  /** Offset in elements into the data section. */
  readonly offset: number;
}

interface Header<S> {
  readonly state: S;
  readonly weights: TensorEntry[];
  readonly optimizer: TensorEntry[];
}

/** What a checkpoint holds: the model's weights (trainable and not), the optimizer's state, and any JSON state. */
export interface CheckpointContents<S> {
  readonly state: S;
  readonly weights: tf.Tensor[];
  readonly optimizer: { name: string; tensor: tf.Tensor }[];
}

/**
 * Writes a checkpoint atomically: into `path.tmp-PID` first, flushed to disk, then renamed
 * over `path`, so an interruption (Ctrl-C, a crash, a full disk) leaves the previous
 * checkpoint intact. One file holds a JSON header and the float32/int32 tensor data.
 */
export async function writeCheckpoint(
  path: string, state: unknown, model: tf.LayersModel, optimizer?: tf.Optimizer,
): Promise<void> {
  const weights = model.getWeights();
  const named = optimizer === undefined ? [] : await optimizer.getWeights();
  // Read asynchronously: tfjs's webgpu backend cannot read a tensor synchronously in Node.
  const [weightData, optimizerData] = await Promise.all([
    Promise.all(weights.map((t) => t.data())), Promise.all(named.map((n) => n.tensor.data())),
  ]);
  const entries: { entry: TensorEntry; data: Float32Array | Int32Array }[] = [];
  let offset = 0;
  const add = (name: string, t: tf.Tensor, values: tf.TypedArray | undefined): TensorEntry => {
    const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
    const source = values ?? new Float32Array(0);
    const data = dtype === 'int32' ? Int32Array.from(source) : Float32Array.from(source);
    const entry: TensorEntry = { name, shape: t.shape, dtype, offset };
    entries.push({ entry, data });
    offset += data.length;
    return entry;
  };
  const header: Header<unknown> = {
    state,
    weights: weights.map((t, i) => add(model.weights[i]?.originalName ?? `weight${i}`, t, weightData[i])),
    optimizer: named.map((n, i) => add(n.name, n.tensor, optimizerData[i])),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, 'latin1');
  // Pad the header so the data section starts on a 4-byte boundary.
  const pad = (4 - ((prefix.length + json.length) % 4)) % 4;
  prefix.writeUInt32LE(json.length + pad, MAGIC.length);
  writeFileAtomic(path, [prefix, json, Buffer.alloc(pad, 0x20), ...entries.map(({ data }) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength))]);
}

/** Reads a checkpoint written by `writeCheckpoint`; the caller disposes the tensors. */
export function readCheckpoint<S>(path: string): CheckpointContents<S> {
  const op = 'readCheckpoint';
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new LayerproofError(`Error in ${op}: the checkpoint ${path} does not exist. Valid: a run folder written by layerproof train.`, { op, argument: 'path', value: path });
  }
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new LayerproofError(`Error in ${op}: ${path} is not a layerproof checkpoint (it does not start with '${MAGIC.trim()}').`, { op, argument: 'path', value: path });
  }
  const length = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  let header: Header<S>;
  try {
    header = JSON.parse(bytes.toString('utf8', start, start + length)) as Header<S>;
  } catch {
    throw new LayerproofError(`Error in ${op}: the header of ${path} is damaged.`, { op, argument: 'path', value: path });
  }
  const dataStart = start + length;
  const total = [...header.weights, ...header.optimizer].reduce((n, e) => Math.max(n, e.offset + e.shape.reduce((a, b) => a * b, 1)), 0);
  if (bytes.length !== dataStart + 4 * total) {
    throw new LayerproofError(`Error in ${op}: ${path} is truncated (${bytes.length} bytes; its header describes ${dataStart + 4 * total}).`, { op, argument: 'path', value: path });
  }
  const data = bytes.buffer.slice(bytes.byteOffset + dataStart, bytes.byteOffset + bytes.length);
  const tensor = (e: TensorEntry): tf.Tensor => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    const values = e.dtype === 'int32' ? new Int32Array(data, 4 * e.offset, size) : new Float32Array(data, 4 * e.offset, size);
    return tf.tensor(values.slice(), e.shape, e.dtype);
  };
  return {
    state: header.state,
    weights: header.weights.map(tensor),
    optimizer: header.optimizer.map((e) => ({ name: e.name, tensor: tensor(e) })),
  };
}

/** Puts checkpointed weights into a model built from the same spec, checking every shape. */
export function restoreWeights(model: tf.LayersModel, weights: readonly tf.Tensor[], source: string): void {
  const expected = model.weights.map((w) => w.shape.join('×'));
  const got = weights.map((w) => w.shape.join('×'));
  if (expected.join(',') !== got.join(',')) {
    throw new LayerproofError(
      `Error in restoreWeights: ${source} holds weights of shapes [${got.join(', ')}], but the model needs [${expected.join(', ')}]. ` +
        'Valid: a checkpoint of the same network (same --model and --kernel).',
      { op: 'restoreWeights', argument: 'checkpoint', value: source },
    );
  }
  model.setWeights([...weights]);
}
