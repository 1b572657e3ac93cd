import fc from 'fast-check';

interface DependentContext<S, T> {
  readonly source: fc.Value<S>;
  /** The random state right after the source was drawn: the dependent is always drawn from it. */
  readonly afterSource: fc.Random;
  readonly biasFactor: number | undefined;
  readonly dependent: fc.Arbitrary<T>;
  readonly dependentContext: unknown;
  /** Set once the dependent part has been shrunk (shrinking the source again would undo that). */
  readonly sourceDone: boolean;
}

function isContext<S, T>(context: unknown): context is DependentContext<S, T> {
  return typeof context === 'object' && context !== null && 'afterSource' in context && 'dependent' in context;
}

/**
 * Like fast-check's `chain` (a value drawn from an arbitrary that depends on another value),
 * with one difference that makes counterexamples small: when the source shrinks, the
 * dependent value is redrawn from the same random state it was first drawn from (fast-check
 * redraws it from the source's state, so every dependent value changes). Generators that
 * read a fixed number of random draws (see bufferedTensor) then keep their values when,
 * say, the size of a matrix shrinks, and a failure survives the shrink.
 */
class DependentArbitrary<S, T> extends fc.Arbitrary<T> {
  constructor(private readonly source: fc.Arbitrary<S>, private readonly chainer: (value: S) => fc.Arbitrary<T>) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const source = this.source.generate(mrng, biasFactor);
    return this.draw(source, mrng.clone(), mrng, biasFactor);
  }

  private draw(source: fc.Value<S>, afterSource: fc.Random, mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const dependent = this.chainer(source.value_);
    const value = dependent.generate(mrng, biasFactor);
    const context: DependentContext<S, T> = { source, afterSource, biasFactor, dependent, dependentContext: value.context, sourceDone: false };
    return new fc.Value(value.value_, context);
  }

  canShrinkWithoutContext(_value: unknown): _value is T {
    return false;
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    if (!isContext<S, T>(context)) return fc.Stream.nil();
    const fromSource: fc.Stream<fc.Value<T>> = context.sourceDone
      ? fc.Stream.nil()
      : this.source.shrink(context.source.value_, context.source.context)
        .map((s) => this.draw(s, context.afterSource, context.afterSource.clone(), context.biasFactor));
    const fromDependent = context.dependent.shrink(value, context.dependentContext)
      .map((d) => new fc.Value(d.value_, { ...context, dependentContext: d.context, sourceDone: true } satisfies DependentContext<S, T>));
    return fromSource.join(fromDependent);
  }
}

/** `source.chain(chainer)`, shrinking as described above. */
export function dependentArbitrary<S, T>(source: fc.Arbitrary<S>, chainer: (value: S) => fc.Arbitrary<T>): fc.Arbitrary<T> {
  return new DependentArbitrary(source, chainer);
}
