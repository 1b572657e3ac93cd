/**
 * The one error type layerproof throws for bad input. Every message names the
 * operation, the argument, the value it got and what would be valid, so a user
 * never has to read a stack trace from inside TensorFlow.js or ml-matrix.
 */
export interface InvalidArgument {
  /** The public function or layer that refused the call, e.g. `conv2dMatrix` or `layer 5 (conv2d)`. */
  readonly op: string;
  /** The argument (or path inside it) that is wrong, e.g. `options.strides`. */
  readonly argument: string;
  /** The value received; printed compactly. */
  readonly value: unknown;
  /** What would be valid, phrased to follow "must be", e.g. `a positive integer or a pair of them`. */
  readonly expected: string;
  /** Optional sentence saying how to fix the call. */
  readonly hint?: string;
}

export class LayerproofError extends Error {
  override readonly name = 'LayerproofError';
  readonly op: string | undefined;
  readonly argument: string | undefined;
  readonly value: unknown;

  constructor(message: string, details?: { op?: string; argument?: string; value?: unknown; cause?: unknown }) {
    super(message, details?.cause === undefined ? undefined : { cause: details.cause });
    this.op = details?.op;
    this.argument = details?.argument;
    this.value = details?.value;
  }

  /** `Error in conv2dMatrix: options.strides must be a positive integer or a pair of them, but got [0, 1].` */
  static invalid(problem: InvalidArgument): LayerproofError {
    const hint = problem.hint === undefined ? '' : ` ${problem.hint}`;
    return new LayerproofError(
      `Error in ${problem.op}: ${problem.argument} must be ${problem.expected}, but got ${describeValue(problem.value)}.${hint}`,
      { op: problem.op, argument: problem.argument, value: problem.value },
    );
  }
}

/** A short, single-line rendering of any value for an error message. */
export function describeValue(value: unknown, maxLength = 80): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (typeof value === 'number') text = Number.isNaN(value) ? 'NaN' : String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'function') text = 'a function';
  else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number>;
    text = `${value.constructor.name}(${arr.length}) [${Array.from(arr).slice(0, 6).map((v) => describeValue(v)).join(', ')}${arr.length > 6 ? ', …' : ''}]`;
  } else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}n` : v,
      ) ?? 'undefined';
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
