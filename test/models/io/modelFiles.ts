// Writes models to disk as TensorFlow.js and tensorflowjs_converter do, for the loadModel tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../../src/core/rng.js';
import { tf } from '../../../src/tfjs/tf.js';

export type Json = Record<string, unknown>;

/** A fresh folder under the system temp dir, and a function that removes it. */
export function tempFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'layerproof-io-'));
  return { path, remove: () => { rmSync(path, { recursive: true, force: true }); } };
}

/** Writes `model.json` and its shards into `folder` (created if needed); returns the model.json path. */
export function writeModel(folder: string, json: Json, shards: Readonly<Record<string, Uint8Array>> = {}): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(shards)) writeFileSync(join(folder, name), bytes);
  const path = join(folder, 'model.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** Splits bytes into `count` shards as the converter does: equal sizes, the last one shorter. */
export function splitShards(bytes: Uint8Array, count: number, prefix = 'group1'): Record<string, Uint8Array> {
  const size = Math.ceil(bytes.byteLength / count);
  const out: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) out[`${prefix}-shard${i + 1}of${count}.bin`] = bytes.slice(i * size, Math.min(bytes.byteLength, (i + 1) * size));
  return out;
}

export interface SavedModel {
  readonly json: Json;
  readonly bytes: Uint8Array;
  readonly specs: tf.io.WeightsManifestEntry[];
}

/** The model.json object and weight bytes that `model.save` produces, through tf.io.withSaveHandler. */
export async function savedArtifacts(model: tf.LayersModel): Promise<SavedModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler((artifacts) => {
    saved = artifacts;
    return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
  }));
  if (saved === undefined) throw new Error('model.save did not call the save handler');
  const data = saved.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(saved.weightData);
  const specs = saved.weightSpecs ?? [];
  const json: Json = {
    modelTopology: saved.modelTopology,
    format: saved.format,
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy ?? null,
    weightsManifest: [{ paths: [] as string[], weights: specs }],
  };
  return { json, bytes: new Uint8Array(data), specs };
}

/** Saves a layers model into `folder` with its weights in `shards` files; returns the model.json path. */
export async function saveModel(model: tf.LayersModel, folder: string, shards = 1): Promise<string> {
  const { json, bytes, specs } = await savedArtifacts(model);
  const files = splitShards(bytes, shards);
  return writeModel(folder, { ...json, weightsManifest: [{ paths: Object.keys(files), weights: specs }] }, files);
}

export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** IEEE 754 half-precision bits of x, rounded to nearest, ties to even (finite values of half range). */
export function toFloat16Bits(x: number): number {
  const f = new Float32Array([x]);
  const bits = new Uint32Array(f.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent <= 0) {
    // Subnormal half: shift the implicit 1 in, round to nearest even.
    if (exponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - exponent;
    const half = 1 << (shift - 1);
    let value = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    if (rest > half || (rest === half && (value & 1) === 1)) value++;
    return sign | value;
  }
  let value = (exponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (value & 1) === 1)) value++;
  return sign | value;
}

/** The value of half-precision bits. */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** `count` seeded values uniform in [-1, 1). */
export function seededValues(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => 2 * rng() - 1);
}

/** A seeded input batch of the given shape (batch included), uniform in [-1, 1). */
export function seededInput(shape: readonly number[], seed: number): tf.Tensor {
  return tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), [...shape]);
}

/** The values a model predicts for one input tensor. */
export async function predictValues(model: tf.LayersModel | tf.GraphModel, x: tf.Tensor): Promise<Float32Array> {
  const y = model.predict(x) as tf.Tensor;
  try {
    return Float32Array.from(await y.data());
  } finally {
    y.dispose();
  }
}
