/**
 * `npm run bench -- exact`: the exact engine's inner loop. Bounded proofs run the reference code
 * on symbolic inputs for ~10^4 geometries, so what counts is the multiply-accumulate of bilinear
 * terms s ← s + x[i]·k[j] over polynomials, then the canonical key and the equality test of the
 * results. Compared with the same loop in modular arithmetic (Schwartz–Zippel) and in float64.
 */
import { formatTable } from '../src/cli/formatTable.js';
import type { Arithmetic } from '../src/exact/Arithmetic.js';
import { float64Arithmetic } from '../src/exact/float64Arithmetic.js';
import { modPrimeArithmetic } from '../src/exact/modPrimeArithmetic.js';
import { Polynomial } from '../src/exact/Polynomial.js';
import { polynomialArithmetic } from '../src/exact/polynomialArithmetic.js';
import { Rational } from '../src/exact/Rational.js';
import { emit, medianMs } from './support/measure.js';

/** A 'valid' 2-D convolution, NHWC with one image, written once over any arithmetic. */
function conv2d<T>(ar: Arithmetic<T>, x: readonly T[], k: readonly T[], h: number, w: number, cin: number, kk: number, cout: number): T[] {
  const out: T[] = [];
  for (let i = 0; i + kk <= h; i++) {
    for (let j = 0; j + kk <= w; j++) {
      for (let o = 0; o < cout; o++) {
        let s = ar.zero;
        for (let di = 0; di < kk; di++) {
          for (let dj = 0; dj < kk; dj++) {
            for (let c = 0; c < cin; c++) {
              s = ar.add(s, ar.mul(x[((i + di) * w + j + dj) * cin + c] as T, k[((di * kk + dj) * cin + c) * cout + o] as T));
            }
          }
        }
        out.push(s);
      }
    }
  }
  return out;
}

interface Case {
  readonly case: string;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly k: number;
  readonly cout: number;
}

const CASES: readonly Case[] = [
  { case: 'conv 4×4×1, 3×3 kernel, 1 filter', h: 4, w: 4, cin: 1, k: 3, cout: 1 },
  { case: 'conv 4×4×2, 3×3 kernel, 2 filters', h: 4, w: 4, cin: 2, k: 3, cout: 2 },
  { case: 'conv 6×6×3, 5×5 kernel, 2 filters', h: 6, w: 6, cin: 3, k: 5, cout: 2 },
];

/** Keeps results observable so that the timed work is not optimised away. */
let sink = 0;

/** Milliseconds per call of `fn`, timing batches of `batch` calls (single calls are too short to time). */
function perCallMs(fn: () => void, batch: number): number {
  return medianMs(() => { for (let r = 0; r < batch; r++) fn(); }, 11, 2) / batch;
}

export function main(): Promise<void> {
  const rows: string[][] = [];
  for (const c of CASES) {
    const nx = c.h * c.w * c.cin;
    const nk = c.k * c.k * c.cin * c.cout;
    const xs = Array.from({ length: nx }, (_v, i) => Polynomial.symbol(`x[${i}]`));
    const ks = Array.from({ length: nk }, (_v, i) => Polynomial.symbol(`K[${i}]`));
    const macs = (c.h - c.k + 1) * (c.w - c.k + 1) * c.cout * c.k * c.k * c.cin;
    const batch = Math.max(1, Math.round(20_000 / macs));
    const build = (): Polynomial[] => {
      const out = conv2d(polynomialArithmetic, xs, ks, c.h, c.w, c.cin, c.k, c.cout);
      for (const p of out) sink += p.terms; // sums are settled lazily: include that in the time
      return out;
    };
    const exactMs = perCallMs(build, batch);
    // Keys and equality on results not yet keyed (the key is cached once computed).
    const fresh = Array.from({ length: 13 * batch + 1 }, build);
    let next = 0;
    const keyMs = perCallMs(() => { for (const p of fresh[next++ % fresh.length] ?? []) sink += p.key.length; }, batch);
    const reference = build();
    const equalsMs = perCallMs(() => { (fresh[next++ % fresh.length] ?? []).every((p, i) => p.equals(reference[i] as Polynomial)); }, batch);
    const rx = Array.from({ length: nx }, (_v, i) => BigInt(i * 7919 + 13));
    const rk = Array.from({ length: nk }, (_v, i) => BigInt(i * 104729 + 7));
    const modMs = perCallMs(() => { conv2d(modPrimeArithmetic, rx, rk, c.h, c.w, c.cin, c.k, c.cout); }, batch);
    const fx = rx.map(Number);
    const fk = rk.map(Number);
    const floatMs = perCallMs(() => { conv2d(float64Arithmetic, fx, fk, c.h, c.w, c.cin, c.k, c.cout); }, batch * 10);
    const terms = Math.max(...reference.map((p) => p.terms));
    const record = {
      case: c.case, macs, largestTerms: terms, exactMs, exactMacsPerSec: macs / (exactMs / 1000),
      keyMs, equalsMs, modPrimeMs: modMs, modPrimeMacsPerSec: macs / (modMs / 1000), float64Ms: floatMs,
    };
    emit(record);
    rows.push([
      c.case, String(macs), String(terms), exactMs.toFixed(3), `${(record.exactMacsPerSec / 1e6).toFixed(2)} M/s`,
      keyMs.toFixed(3), equalsMs.toFixed(4), `${(record.modPrimeMacsPerSec / 1e6).toFixed(2)} M/s`, floatMs.toFixed(4),
    ]);
  }
  const doubles = Array.from({ length: 10_000 }, (_v, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
  const fromNumberMs = medianMs(() => { for (const d of doubles) Rational.fromNumber(d); }, 11, 3);
  emit({ case: 'Rational.fromNumber', perSec: doubles.length / (fromNumberMs / 1000) });
  process.stdout.write(`${formatTable(
    ['case', 'MACs', 'terms', 'exact ms', 'exact MAC rate', 'key ms', 'equals ms', 'mod p MAC rate', 'float64 ms'],
    rows,
  )}\n`);
  process.stdout.write(`Rational.fromNumber: ${(doubles.length / (fromNumberMs / 1000) / 1e6).toFixed(2)} M/s. Medians of batches; exact includes settling the sums.\n`);
  if (sink < 0) process.stdout.write('unreachable\n');
  return Promise.resolve();
}
