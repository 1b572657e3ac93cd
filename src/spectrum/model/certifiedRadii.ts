import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import type { LogitsFunction } from './logitsFunction.js';

export interface CertifiedRadiiOptions {
  /** Radii (in the input's units) at which to report the share of images certified (default [0.01, 0.1, 0.5]). */
  readonly radii?: readonly number[];
  /** Images per forward and gradient pass (default 32). */
  readonly batchSize?: number;
  /** Also compute each image's local gradient norm of its margin (default true). */
  readonly gradients?: boolean;
}

/** One image: its prediction, margin, certified radius and, beside it, what the network does locally. */
export interface ImageRadius {
  readonly index: number;
  readonly predicted: number;
  readonly runnerUp: number;
  /** z_top − z_runner-up, on the logits TensorFlow.js computes. */
  readonly margin: number;
  /** margin / (√2·L): no perturbation of ℓ₂ norm below it changes the prediction. */
  readonly radius: number;
  /** ‖∇ₓ(z_top − z_runner-up)‖₂ at the image: what the network's margin really changes by locally (≤ √2·L). */
  readonly gradientNorm?: number;
  /** margin / gradientNorm: where the margin would reach 0 if the network were linear around the image (an estimate, not a bound). */
  readonly firstOrderRadius?: number;
}

export interface CertifiedRadii {
  readonly lipschitz: number;
  readonly images: readonly ImageRadius[];
  /** Per radius asked: how many images are certified at it (radius ≥ it), and their share. */
  readonly shares: readonly { readonly radius: number; readonly certified: number; readonly share: number }[];
  readonly medianRadius: number;
  readonly medianGradientNorm?: number;
  /** √2·L over the median local gradient norm: how far the bound sits above the network at these images. */
  readonly medianLooseness?: number;
  /** What the figures say, in plain words (tiny radii called tiny). */
  readonly summary: string;
}

export const DEFAULT_RADII: readonly number[] = [0.01, 0.1, 0.5];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] ?? NaN : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

const show = (x: number): string => x.toPrecision(3);

/** Top-1 and runner-up of each row of `[n, classes]` logits. */
function topTwo(z: Float32Array, classes: number, row: number): { a: number; b: number } {
  let a = 0;
  let b = 1;
  const at = (j: number): number => z[row * classes + j] as number;
  if (at(1) > at(0)) {
    a = 1;
    b = 0;
  }
  for (let j = 2; j < classes; j++) {
    if (at(j) > at(a)) {
      b = a;
      a = j;
    } else if (at(j) > at(b)) {
      b = j;
    }
  }
  return { a, b };
}

/**
 * The certified ℓ₂ radius of each image under a Lipschitz bound L of the logits:
 * $|(z_a - z_b)(x) - (z_a - z_b)(y)| = |\langle e_a - e_b, z(x) - z(y)\rangle| \le \sqrt{2}\,L\,\lVert x - y\rVert$,
 * so no class b overtakes the prediction a within (z_a − z_b)/(√2·L), and the runner-up gives the
 * smallest such radius. Beside it, the empirical local gradient norm of the margin
 * ‖∇ₓ(z_a − z_b)‖ (tf.grad), which the bound √2·L must exceed: their ratio is the gap between
 * the certificate and the network. The margins are TensorFlow.js's float32 logits.
 */
export async function certifiedRadii(logits: LogitsFunction, images: tf.Tensor, lipschitz: number, options: CertifiedRadiiOptions = {}): Promise<CertifiedRadii> {
  const op = 'certifiedRadii';
  if (typeof logits !== 'function') throw LayerproofError.invalid({ op, argument: 'logits', value: logits, expected: 'a function of a batch of inputs to its [n, classes] logits' });
  if (!(images instanceof tf.Tensor) || images.rank < 2 || (images.shape[0] ?? 0) < 1) {
    throw LayerproofError.invalid({ op, argument: 'images', value: images instanceof tf.Tensor ? images.shape : images, expected: 'a batch tensor [n, ...inputShape] with n ≥ 1' });
  }
  if (typeof lipschitz !== 'number' || !Number.isFinite(lipschitz) || lipschitz <= 0) {
    throw LayerproofError.invalid({ op, argument: 'lipschitz', value: lipschitz, expected: 'a finite positive Lipschitz bound of the logits (a model without one has no certified radii)' });
  }
  const radii = options.radii ?? DEFAULT_RADII;
  if (radii.length === 0 || radii.some((r) => !Number.isFinite(r) || r <= 0)) {
    throw LayerproofError.invalid({ op, argument: 'options.radii', value: radii, expected: 'a non-empty list of positive radii in the input\'s units, e.g. [0.01, 0.1, 0.5]' });
  }
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw LayerproofError.invalid({ op, argument: 'options.batchSize', value: batchSize, expected: 'a positive integer' });

  const n = images.shape[0] ?? 0;
  const scale = Math.SQRT2 * lipschitz;
  const out: ImageRadius[] = [];
  for (let from = 0; from < n; from += batchSize) {
    const size = Math.min(batchSize, n - from);
    const x = images.slice(from, size);
    try {
      const zt = logits(x);
      const classes = zt.shape[1];
      const z = Float32Array.from(await zt.data());
      zt.dispose();
      if (classes < 2) {
        throw LayerproofError.invalid({ op, argument: 'logits', value: zt.shape, expected: 'at least 2 classes per input: a margin needs a runner-up' });
      }
      const pairs = Array.from({ length: size }, (_v, i) => topTwo(z, classes, i));
      let norms: Float32Array | undefined;
      if (options.gradients !== false) {
        const mask = new Float32Array(size * classes);
        pairs.forEach(({ a, b }, i) => {
          mask[i * classes + a] = 1;
          mask[i * classes + b] = -1;
        });
        const m = tf.tensor2d(mask, [size, classes]);
        try {
          const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(logits(v), m)))(x);
          const perImage = tf.tidy(() => tf.sqrt(tf.sum(tf.square(g.reshape([size, -1])), 1)));
          norms = Float32Array.from(await perImage.data());
          tf.dispose([g, perImage]);
        } finally {
          m.dispose();
        }
      }
      pairs.forEach(({ a, b }, i) => {
        const margin = (z[i * classes + a] as number) - (z[i * classes + b] as number);
        const g = norms?.[i];
        out.push({
          index: from + i, predicted: a, runnerUp: b, margin, radius: margin / scale,
          ...(g !== undefined && { gradientNorm: g, firstOrderRadius: g > 0 ? margin / g : Infinity }),
        });
      });
    } finally {
      x.dispose();
    }
  }

  const shares = radii.map((radius) => {
    const certified = out.filter((r) => r.radius >= radius).length;
    return { radius, certified, share: certified / n };
  });
  const medianRadius = median(out.map((r) => r.radius));
  const grads = out.flatMap((r) => (r.gradientNorm === undefined ? [] : [r.gradientNorm]));
  const medianGradientNorm = grads.length > 0 ? median(grads) : undefined;
  const medianLooseness = medianGradientNorm !== undefined && medianGradientNorm > 0 ? scale / medianGradientNorm : undefined;
  const smallest = Math.min(...radii);
  const certifiedText = shares.map((s) => `${s.certified}/${n} at ${s.radius}`).join(', ');
  const gap = medianGradientNorm === undefined ? '' :
    ` The certificate lets the margin change by up to √2·L = ${show(scale)} per unit of input; the network's own local gradient norm of the margin is ${show(medianGradientNorm)} (median)${medianLooseness === undefined ? '' : `, ${show(medianLooseness)}× less`}: that factor is the looseness of the bound at these inputs, not a property of the network.`;
  const summary = medianRadius < smallest
    ? `The certified radii are tiny: the median is ${show(medianRadius)} in the input's units, below the smallest radius asked (${smallest}); certified: ${certifiedText}.${gap}`
    : `Median certified radius ${show(medianRadius)} in the input's units; certified: ${certifiedText}.${gap}`;
  return {
    lipschitz, images: out, shares, medianRadius,
    ...(medianGradientNorm !== undefined && { medianGradientNorm }),
    ...(medianLooseness !== undefined && { medianLooseness }),
    summary,
  };
}
