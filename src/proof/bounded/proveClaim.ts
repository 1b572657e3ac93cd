import { createRng, type Rng } from '../../core/rng.js';
import { NotRepresentableError, type Arithmetic } from '../../exact/Arithmetic.js';
import { degreeArithmetic, DEGREE_SYMBOL } from '../../exact/degreeArithmetic.js';
import { Interval } from '../../exact/Interval.js';
import { intervalArithmetic } from '../../exact/intervalArithmetic.js';
import { MOD_PRIME, modPrimeArithmetic } from '../../exact/modPrimeArithmetic.js';
import { Polynomial } from '../../exact/Polynomial.js';
import { polynomialArithmetic } from '../../exact/polynomialArithmetic.js';
import { claimSeed } from '../checkClaim.js';
import type { ClaimValue, JsonValue } from '../ClaimValue.js';
import type { BoundedResult, ExactCounterexample } from '../ClaimResult.js';
import type { BoundedSpec, Claim, ClaimVariable } from '../ProofDocument.js';
import { boundedGenerators, type BoundedDomain, type LeafHint, type SymbolicDomain } from './boundedDomains.js';
import { evaluateOver, type OverFunction } from './evaluateOver.js';
import { overFunctions } from './overFunctions.js';
import { flattenOver, isRecord, Scalar, shapeOfOver, type OverValue } from './OverValue.js';

export interface ProveClaimOptions {
  /** The run's seed (the claim derives its own, as for the evidence). */
  readonly seed: number;
  /** Functions to use instead of the library's (tests inject mutants here). */
  readonly functions?: Readonly<Record<string, OverFunction>>;
  /** Largest family to run over; beyond it the proof is refused as too large. Default 200,000. */
  readonly maxInstances?: number;
  /** Random points tried per family member when searching an exact counterexample. Default 24. */
  readonly pointsPerInstance?: number;
}

type Scope = Record<string, ClaimValue>;

interface Instance {
  readonly finite: Scope;
  /** `key` names the generator and its arguments: equal keys make equal symbolic values. */
  readonly symbolic: readonly { readonly name: string; readonly domain: SymbolicDomain; readonly key: string }[];
}

const P_FLOAT = Number(MOD_PRIME);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const GENERATORS = boundedGenerators();

function domainFor(v: ClaimVariable, spec: BoundedSpec, scope: Scope): { domain: BoundedDomain; key: string } {
  const override = spec.over.get(v.name);
  const name = override?.generatorName ?? v.generatorName;
  const generator = GENERATORS[name];
  if (generator === undefined) throw new Error(`'${v.name}: ${v.source}' has no bounded form (generators with one: ${Object.keys(GENERATORS).sort().join(', ')})`);
  const args = (override?.args ?? v.args).map((a) => a.evaluate({ ...scope }) as unknown);
  const domain = generator(args, override?.argTex ?? v.argTex);
  return { domain, key: `${v.name}|${domain.kind === 'symbolic' ? domain.key : ''}` };
}

/** Every member of the family: the finite variables enumerated, the others symbolic. */
function* instances(vars: readonly ClaimVariable[], spec: BoundedSpec, index: number, finite: Scope, symbolic: Instance['symbolic']): Generator<Instance> {
  const v = vars[index];
  if (v === undefined) {
    yield { finite, symbolic };
    return;
  }
  const { domain, key } = domainFor(v, spec, finite);
  if (domain.kind === 'family') {
    for (const value of domain.values()) yield* instances(vars, spec, index + 1, { ...finite, [v.name]: value }, symbolic);
  } else {
    yield* instances(vars, spec, index + 1, finite, [...symbolic, { name: v.name, domain, key }]);
  }
}

/** What the proof covers, from the first member's domains (the descriptions do not depend on the member). */
function describeFamily(claim: Claim, spec: BoundedSpec): string {
  const parts: string[] = [];
  const scope: Scope = {};
  for (const v of claim.given) {
    let domain: BoundedDomain;
    try {
      domain = domainFor(v, spec, scope).domain;
    } catch {
      continue;
    }
    parts.push(`$${v.tex}$: ${domain.description}`);
    if (domain.kind === 'family') {
      const first = domain.values()[Symbol.iterator]().next();
      if (first.done !== true) scope[v.name] = first.value;
    }
  }
  return parts.join('; ');
}

function scopeOf<T>(instance: Instance, _ar: Arithmetic<T>, leaf: (name: string, hint: LeafHint) => T): Record<string, OverValue<T>> {
  const scope: Record<string, OverValue<T>> = { ...(instance.finite as Record<string, OverValue<T>>) };
  const memo = new Map<string, T>();
  const once = (name: string, hint: LeafHint): T => {
    let x = memo.get(name);
    if (x === undefined) {
      x = leaf(name, hint);
      memo.set(name, x);
    }
    return x;
  };
  for (const s of instance.symbolic) scope[s.name] = s.domain.make(s.name, once, (x: T) => new Scalar(x));
  return scope;
}

/** The scope of a member with every symbolic variable as exact symbols, each made once per key. */
function symbolicScope(instance: Instance, cache: Map<string, OverValue<Polynomial>>): Record<string, OverValue<Polynomial>> {
  const scope: Record<string, OverValue<Polynomial>> = { ...(instance.finite as Record<string, OverValue<Polynomial>>) };
  for (const s of instance.symbolic) {
    let v = cache.get(s.key);
    if (v === undefined) {
      v = s.domain.make(s.name, (name) => Polynomial.symbol(name), (x: Polynomial) => new Scalar(x));
      cache.set(s.key, v);
    }
    scope[s.name] = v;
  }
  return scope;
}

function sides<T>(claim: Claim, ar: Arithmetic<T>, scope: Record<string, OverValue<T>>, functions: Readonly<Record<string, OverFunction>>): [OverValue<T>, OverValue<T>] {
  const check = claim.check;
  if (check === undefined) throw new Error('the claim has no check');
  const ctx = { ar, functions };
  return [evaluateOver(check.lhsNode, scope, ctx), evaluateOver(check.rhsNode, scope, ctx)];
}

/** The first entry where the sides differ (by `differ`), or why they cannot be compared; undefined when equal. */
function firstDifference<T>(ar: Arithmetic<T>, lhs: OverValue<T>, rhs: OverValue<T>, differ: (a: T, b: T) => boolean): { entry: number[]; a: T; b: T } | { shapes: string } | undefined {
  const sl = shapeOfOver('check', lhs);
  const sr = shapeOfOver('check', rhs);
  if (sl.length !== sr.length || sl.some((d, i) => d !== sr[i])) return { shapes: `the sides have different shapes: [${sl.join(', ')}] and [${sr.join(', ')}]` };
  const a = flattenOver(ar, 'check', lhs);
  const b = flattenOver(ar, 'check', rhs);
  for (let i = 0; i < a.length; i++) {
    if (differ(a[i] as T, b[i] as T)) {
      const entry: number[] = [];
      let rest = i;
      for (let d = sl.length - 1; d >= 0; d--) {
        const size = sl[d] as number;
        entry.unshift(rest % size);
        rest = Math.floor(rest / size);
      }
      return { entry, a: a[i] as T, b: b[i] as T };
    }
  }
  return undefined;
}

function toJson<T>(v: OverValue<T>): JsonValue {
  if (v instanceof Scalar) return String(v.value);
  if (Array.isArray(v)) return (v as readonly OverValue<T>[]).map(toJson);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v as JsonValue;
}

/** A finite variable for a message: a matrix as rows `[0 1; 1 0]` (no nested brackets), a record as JSON. */
function describeValue(v: ClaimValue | undefined): string {
  if (Array.isArray(v)) return `[${v.map((row) => (Array.isArray(row) ? row.join(' ') : String(row))).join('; ')}]`;
  return JSON.stringify(v);
}

function randomPoint(rng: Rng, hint: LeafHint): number {
  const lo = Math.ceil(hint.lo);
  const hi = Math.floor(hint.hi);
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/**
 * Looks for an exact counterexample at one family member: the symbolic variables at random small
 * integers, both sides evaluated on rational intervals (exact points where only + − × ÷, ReLU and
 * max are involved; certified enclosures around square roots), and an entry whose two intervals
 * are disjoint proves that the sides differ there.
 */
function searchCounterexample(claim: Claim, instance: Instance, functions: Readonly<Record<string, OverFunction>>, rng: Rng, points: number, counter: { evaluations: number }): ExactCounterexample | undefined {
  const ar = intervalArithmetic();
  const tries = instance.symbolic.length === 0 ? 1 : points;
  for (let t = 0; t < tries; t++) {
    const chosen = new Map<string, number>();
    const scope = scopeOf(instance, ar, (name, hint) => {
      const x = randomPoint(rng, hint);
      chosen.set(name, x);
      return ar.fromInt(x);
    });
    let lhs: OverValue<Interval>;
    let rhs: OverValue<Interval>;
    try {
      [lhs, rhs] = sides(claim, ar, scope, functions);
      counter.evaluations += 2;
    } catch (error) {
      if (error instanceof NotRepresentableError) continue; // e.g. a degree of 0 at this point: draw another
      throw error;
    }
    const diff = firstDifference(ar, lhs, rhs, (a, b) => Interval.disjoint(a, b));
    if (diff === undefined || 'shapes' in diff) continue;
    const pointScope = scopeOf(instance, { name: 'point' } as Arithmetic<string>, (name) => String(chosen.get(name) ?? 0));
    return {
      instance: claim.given.filter((v) => v.name in instance.finite).map((v) => ({ name: v.name, value: toJson(instance.finite[v.name] as OverValue<never>) })),
      point: instance.symbolic.map((s) => ({ name: s.name, value: toJson(pointScope[s.name] as OverValue<string>) })),
      entry: diff.entry, lhs: diff.a.toString(), rhs: diff.b.toString(), lhsValue: toJson(lhs), rhsValue: toJson(rhs),
    };
  }
  return undefined;
}

function randomResidue(rng: Rng): bigint {
  const hi = BigInt(Math.floor(rng() * 2 ** 30));
  const lo = BigInt(Math.floor(rng() * 2 ** 31));
  return ((hi << 31n) | lo) % MOD_PRIME;
}

/**
 * Runs a claim's bounded proof (its `prove:` block): every member of the stated family, with the
 * continuous variables symbolic. `exact` evaluates both sides on exact polynomials and compares
 * them structurally; `schwartz-zippel` evaluates them at `trials` random points modulo 2⁶¹ − 1
 * after bounding their degree d (a false polynomial identity passes a trial with probability at
 * most d/p). Where the sides differ, an exact rational counterexample is searched and shown. A
 * refutation is proved by an exact counterexample at the smallest member that has one.
 */
export function proveClaim(claim: Claim, options: ProveClaimOptions): BoundedResult {
  const started = performance.now();
  const spec = claim.prove;
  const functions = options.functions ?? overFunctions();
  const base = { instances: 0, evaluations: 0, largestTerms: null as number | null, degree: null as number | null, trials: null as number | null, epsilon: null as number | null, counterexample: null as ExactCounterexample | null };
  if (spec === undefined) {
    return { ...base, method: 'evidence', outcome: 'evidence', family: '', message: 'the document asks for no bounded proof', durationMs: 0 };
  }
  if (spec.method === 'evidence') {
    return { ...base, method: 'evidence', outcome: 'evidence', family: '', message: spec.why ?? null, durationMs: 0 };
  }
  const method = spec.method;
  if (claim.check?.relation === 'atMost') {
    // An inequality is not an identity: the engine has nothing to decide (compileClaim refuses the document already).
    return { ...base, method, outcome: 'error', family: '', message: `an inequality (<=) cannot be proved by ${method}, which decides identities: state prove: { method: evidence, why: … }`, durationMs: 0 };
  }
  const refutation = claim.kind === 'refutation';
  const maxInstances = options.maxInstances ?? 200_000;
  const points = options.pointsPerInstance ?? 24;
  const rng = createRng(claimSeed(options.seed, `${claim.id}/bounded`));
  const counter = { evaluations: 0 };
  // Symbolic values depend only on the generator and its arguments: made once, shared by the members (polynomials are immutable).
  const symbols = new Map<string, OverValue<Polynomial>>();
  let family = '';
  let instanceCount = 0;
  let largestTerms = 0;
  let degree = 0;
  const done = (outcome: BoundedResult['outcome'], message: string | null, counterexample: ExactCounterexample | null = null): BoundedResult => ({
    method, outcome, family, instances: instanceCount, evaluations: counter.evaluations,
    largestTerms: method === 'exact' ? largestTerms : null,
    degree: method === 'schwartz-zippel' ? degree : null,
    trials: method === 'schwartz-zippel' ? spec.trials : null,
    epsilon: method === 'schwartz-zippel' && outcome === 'proved' ? instanceCount * (degree / P_FLOAT) ** spec.trials : null,
    counterexample, message, durationMs: performance.now() - started,
  });
  try {
    family = describeFamily(claim, spec);
    for (const instance of instances(claim.given, spec, 0, {}, [])) {
      instanceCount++;
      if (instanceCount > maxInstances) {
        instanceCount--;
        return done('error', `the family has more than ${maxInstances.toLocaleString('en-US')} members: state a smaller one under prove.over`);
      }
      let differs: string | undefined;
      if (method === 'exact') {
        const ar = polynomialArithmetic;
        const [lhs, rhs] = sides(claim, ar, symbolicScope(instance, symbols), functions);
        counter.evaluations += 2;
        for (const side of [lhs, rhs]) {
          if (shapeOfOver('check', side).length >= 0) for (const p of flattenOver(ar, 'check', side)) if (p.terms > largestTerms) largestTerms = p.terms;
        }
        const diff = firstDifference(ar, lhs, rhs, (a, b) => !a.equals(b));
        if (diff !== undefined) differs = 'shapes' in diff ? diff.shapes : `entry [${diff.entry.join(', ')}]: ${diff.a.toString()} ≠ ${diff.b.toString()}`;
      } else {
        const dar = degreeArithmetic;
        const [dl, dr] = sides(claim, dar, scopeOf(instance, dar, () => DEGREE_SYMBOL), functions);
        for (const side of [dl, dr]) for (const d of flattenOver(dar, 'check', side)) if (d > degree) degree = d;
        for (let t = 0; t < spec.trials && differs === undefined; t++) {
          const mar = modPrimeArithmetic;
          const [lhs, rhs] = sides(claim, mar, scopeOf(instance, mar, () => randomResidue(rng)), functions);
          counter.evaluations += 2;
          const diff = firstDifference(mar, lhs, rhs, (a, b) => a !== b);
          if (diff !== undefined) differs = 'shapes' in diff ? diff.shapes : `entry [${diff.entry.join(', ')}] differs modulo 2^61 − 1`;
        }
      }
      if (differs === undefined) continue;
      const counterexample = searchCounterexample(claim, instance, functions, rng, points, counter);
      const at = claim.given.filter((v) => v.name in instance.finite).map((v) => `${v.name} = ${describeValue(instance.finite[v.name])}`).join(', ');
      if (counterexample !== undefined) return done('refuted', `the sides differ at ${at === '' ? 'the only member' : at}`, counterexample);
      if (!refutation) return done('not-proved', `the sides differ as expressions at ${at === '' ? 'the only member' : at} (${differs}), and no exact counterexample was found at ${points} rational points`);
    }
    if (refutation) return done('not-proved', `the identity holds for every member of the family: there is no counterexample to find${method === 'exact' ? ' (the sides are equal for every real input)' : ''}`);
    return done('proved', null);
  } catch (error) {
    return done('error', messageOf(error));
  }
}
