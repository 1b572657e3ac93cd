import { tf } from '../../tfjs/tf.js';

/**
 * Optimizer updates as single WebGPU dispatches. TensorFlow.js's Adam runs 14 element-wise
 * kernels per variable (plus a scalar upload for each number it multiplies by) and its
 * Nesterov momentum 6; on a GPU each is a dispatch whose CPU cost far exceeds its work
 * (LeNet at batch 8: 144 of a step's 214 dispatches were Adam's). These compute the same
 * expressions, in the same order, in one pass each: the moment updates and the parameter step.
 */
export const OPTIMIZER_KERNELS = {
  /** `previous·β + gradient·(1−β)`, or `previous·β + gradient²·(1−β)` with `squared`. */
  adamMoment: 'LayerproofAdamMoment',
  /** `(first/c₁) / (√(second/c₂) + ε) · (−lr) + parameter`; c₁, c₂ are the bias corrections (scalars). */
  adamStep: 'LayerproofAdamStep',
  /** `momentum·previous + gradient`. */
  momentumAccumulate: 'LayerproofMomentumAccumulate',
  /** Nesterov: `−lr·(gradient + accumulation·momentum) + parameter`; plain: `−lr·accumulation + parameter`. */
  momentumStep: 'LayerproofMomentumStep',
} as const;

export interface AdamMomentAttrs { readonly beta: number; readonly squared: boolean }
export interface AdamStepAttrs { readonly epsilon: number; readonly learningRate: number }
export interface MomentumAccumulateAttrs { readonly momentum: number }
export interface MomentumStepAttrs { readonly momentum: number; readonly learningRate: number; readonly nesterov: boolean }

/** The part of tfjs-backend-webgpu's program interface these use (webgpu_program.ts). */
interface ElementwiseProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  size: boolean;
  uniforms: string;
  getUserCode(): string;
}

interface ProgramRunner {
  runWebGPUProgram(program: ElementwiseProgram, inputs: tf.TensorInfo[], dtype: 'float32', uniforms: { type: 'float32'; data: number[] }[]): tf.TensorInfo;
}

const WORKGROUP = 64;

/** One thread per element; tfjs reshapes a dispatch wider than the device allows. */
function elementwise(shape: readonly number[], key: string, variableNames: string[], uniforms: string, body: string): ElementwiseProgram {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    outputShape: [...shape],
    shaderKey: key,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

function run(backend: unknown, program: ElementwiseProgram, inputs: tf.TensorInfo[], uniforms: number[]): tf.TensorInfo {
  return (backend as ProgramRunner).runWebGPUProgram(program, inputs, 'float32', uniforms.map((v) => ({ type: 'float32' as const, data: [v] })));
}

function checkFloat(kernel: string, inputs: readonly tf.TensorInfo[], shape: readonly number[]): void {
  for (const t of inputs) {
    if (t.dtype !== 'float32') throw new Error(`${kernel}: inputs must be float32 (got ${t.dtype})`);
  }
  for (const t of inputs) {
    if (t.shape.length > 0 && !tf.util.arraysEqual(t.shape, shape as number[])) {
      throw new Error(`${kernel}: shapes differ, [${t.shape.join(', ')}] vs [${shape.join(', ')}]`);
    }
  }
}

/** The kernel configs for the `webgpu` backend (installed by installTrainingKernels). */
export function webgpuOptimizerKernels(): tf.KernelConfig[] {
  return [
    {
      kernelName: OPTIMIZER_KERNELS.adamMoment, backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { previous, gradient } = inputs as { previous: tf.TensorInfo; gradient: tf.TensorInfo };
        const { beta, squared } = attrs as unknown as AdamMomentAttrs;
        checkFloat(OPTIMIZER_KERNELS.adamMoment, [previous, gradient], previous.shape);
        const g = squared ? '(g * g)' : 'g';
        const program = elementwise(previous.shape, `lpAdamMoment_${String(squared)}`, ['previous', 'gradient'], 'beta : f32, oneMinusBeta : f32,',
          `let g = gradient[index];
          result[index] = previous[index] * uniforms.beta + ${g} * uniforms.oneMinusBeta;`);
        return run(backend, program, [previous, gradient], [beta, 1 - beta]);
      },
    },
    {
      kernelName: OPTIMIZER_KERNELS.adamStep, backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { parameter, first, second, correction1, correction2 } =
          inputs as Record<'parameter' | 'first' | 'second' | 'correction1' | 'correction2', tf.TensorInfo>;
        const { epsilon, learningRate } = attrs as unknown as AdamStepAttrs;
        checkFloat(OPTIMIZER_KERNELS.adamStep, [parameter, first, second, correction1, correction2], parameter.shape);
        const program = elementwise(parameter.shape, 'lpAdamStep', ['parameter', 'first', 'second', 'correction1', 'correction2'],
          'epsilon : f32, negativeLearningRate : f32,',
          `let m = first[index] / correction1[0];
          let v = second[index] / correction2[0];
          result[index] = m / (sqrt(v) + uniforms.epsilon) * uniforms.negativeLearningRate + parameter[index];`);
        return run(backend, program, [parameter, first, second, correction1, correction2], [epsilon, -learningRate]);
      },
    },
    {
      kernelName: OPTIMIZER_KERNELS.momentumAccumulate, backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { previous, gradient } = inputs as { previous: tf.TensorInfo; gradient: tf.TensorInfo };
        const { momentum } = attrs as unknown as MomentumAccumulateAttrs;
        checkFloat(OPTIMIZER_KERNELS.momentumAccumulate, [previous, gradient], previous.shape);
        const program = elementwise(previous.shape, 'lpMomentumAccumulate', ['previous', 'gradient'], 'momentum : f32,',
          'result[index] = uniforms.momentum * previous[index] + gradient[index];');
        return run(backend, program, [previous, gradient], [momentum]);
      },
    },
    {
      kernelName: OPTIMIZER_KERNELS.momentumStep, backendName: 'webgpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { parameter, gradient, accumulation } = inputs as Record<'parameter' | 'gradient' | 'accumulation', tf.TensorInfo>;
        const { momentum, learningRate, nesterov } = attrs as unknown as MomentumStepAttrs;
        checkFloat(OPTIMIZER_KERNELS.momentumStep, [parameter, gradient, accumulation], parameter.shape);
        // Without Nesterov the gradient is unused, and a pipeline with layout 'auto' drops unused
        // bindings: binding it anyway makes an invalid bind group (and a silently empty result).
        const step = nesterov ? '(gradient[index] + accumulation[index] * uniforms.momentum)' : 'accumulation[index]';
        const names = nesterov ? ['parameter', 'gradient', 'accumulation'] : ['parameter', 'accumulation'];
        const program = elementwise(parameter.shape, `lpMomentumStep_${String(nesterov)}`, names,
          'momentum : f32, negativeLearningRate : f32,',
          `result[index] = uniforms.negativeLearningRate * ${step} + parameter[index];`);
        return run(backend, program, nesterov ? [parameter, gradient, accumulation] : [parameter, accumulation], [momentum, -learningRate]);
      },
    },
  ];
}
