import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';
import { formatTable, sci } from './formatTable.js';
import { layerProgress } from './layerProgress.js';
import { runCommand } from './runCommand.js';

interface VerifyModelFlags {
  images?: string[];
  cifar?: string[];
  random?: string;
  seed: string;
  limit?: string;
  inputShape?: string;
  range: '0,1' | '0,255' | '-1,1';
  json?: string;
  data?: string;
  compose: boolean;
  norms: boolean;
  shifts?: boolean;
  blockNnz: string;
  backend: 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  device: 'auto' | 'cpu' | 'gpu';
}

const command = 'layerproof verify-model';

function integer(argument: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw LayerproofError.invalid({ op: command, argument, value, expected: `an integer ≥ ${min}` });
  return n;
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

export function registerVerifyModelCommand(program: Command): void {
  program
    .command('verify-model')
    .description('check every linear layer of a model (a layerproof run, or any TensorFlow.js layers or graph model) against its explicit operator T·x + b, on the activations that really reach it')
    .argument('<path>', 'a run folder of layerproof train, a model.json (layers or graph model, e.g. from tensorflowjs_converter), or a folder holding one')
    .option('--images <files...>', 'PNG or JPEG files, or folders of them, resized to the model input')
    .option('--cifar <files...>', 'CIFAR-10 binary files (data_batch_*.bin, test_batch.bin)')
    .option('--random <n>', 'n seeded random inputs, uniform in [0, 1) (the default for a model.json: 2)')
    .option('--seed <s>', 'seed of the random inputs', '1')
    .option('--limit <n>', 'use at most n inputs (for a run: its first n test images; default 8)')
    .option('--input-shape <h,w,c>', 'input size where the model leaves it open, e.g. 224,224,3')
    .addOption(new Option('--range <range>', 'pixel scaling of image files').choices(['0,1', '0,255', '-1,1']).default('0,1'))
    .option('--json <file>', 'also write the report as JSON')
    .option('--data <dir>', "for a run: where its test files are now, if they moved since training")
    .option('--no-compose', 'skip multiplying chains of affine layers into one operator')
    .option('--no-norms', "skip each layer's certified operator norm ‖T‖₂ and the model's Lipschitz bound (see layerproof spectrum)")
    .option('--shifts', "measure Zhang's shift consistency on the inputs: how often the top-1 class survives shifts of 1 to 4 pixels (circular, zero fill) and flips (default: on for an image classifier)")
    .option('--no-shifts', 'skip the shift consistency')
    .option('--block-nnz <n>', 'largest number of non-zeros of T built at once (memory: 12 bytes each)', String(2 ** 20))
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']).default('auto'))
    .addOption(new Option('--device <name>', 'device').choices(['auto', 'cpu', 'gpu']).default('auto'))
    .addHelpText('after', `
Statuses: checked (act(T·x + b) in float64 equals TensorFlow.js within float32 tolerance on every input),
failed (it does not, or the operator could not be built: exit status 1), not linear (ReLU, max pooling, …:
no matrix), not supported (a class or op layerproof has no operator for; the run goes on through it).
Numerical evidence on these inputs, not a formal proof.

Examples:
  layerproof verify-model runs/lenet
  layerproof verify-model my_model/model.json --images photos/ --json report.json
  layerproof verify-model mobilenet/ --random 2 --input-shape 224,224,3`)
    .action(runCommand(async (path: string, flags: VerifyModelFlags) => {
      const inputShape = flags.inputShape === undefined ? undefined : flags.inputShape.split(',').map((v) => Number(v.trim()));
      if (inputShape !== undefined && (inputShape.length === 0 || inputShape.some((v) => !Number.isInteger(v) || v < 1))) {
        throw LayerproofError.invalid({ op: command, argument: '--input-shape', value: flags.inputShape, expected: 'positive integers separated by commas, e.g. 224,224,3' });
      }
      const random = integer('--random', flags.random, 1);
      const limit = integer('--limit', flags.limit, 1);
      const seed = integer('--seed', flags.seed, 0);
      const blockNnz = integer('--block-nnz', flags.blockNnz, 1);
      const { verifyModel } = await import('../models/verify/verifyModel.js');
      const progress = await layerProgress('verify-model');
      let result;
      try {
        result = await verifyModel(path, {
          ...(flags.images !== undefined && { images: flags.images }),
          ...(flags.cifar !== undefined && { cifar: flags.cifar }),
          ...(random !== undefined && { random }),
          ...(seed !== undefined && { seed }),
          ...(limit !== undefined && { limit }),
          ...(inputShape !== undefined && { inputShape }),
          ...(flags.data !== undefined && { data: flags.data }),
          ...(blockNnz !== undefined && { blockNnz }),
          range: flags.range,
          compose: flags.compose,
          norms: flags.norms,
          // src/models may not import src/spectrum or src/symmetry: the CLI hands their engines in, loaded on first use.
          normsOf: async (model, shape) => (await import('../spectrum/model/modelLipschitz.js')).modelLipschitz(model, { inputShape: shape }),
          ...(flags.shifts !== undefined && { shifts: flags.shifts }),
          shiftsOf: async (model, images, options) => (await import('../symmetry/shiftConsistency.js')).shiftConsistency(model, images, options),
          ...(flags.backend !== 'auto' && { backend: flags.backend }),
          ...(flags.device !== 'auto' && { device: flags.device }),
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      const status = (s: string): string => (s === 'checked' ? pc.green(s) : s === 'failed' ? pc.red(s) : pc.dim(s));
      const out = process.stdout;
      out.write(`${result.source === 'run' ? `run ${result.path} (${result.configuration ?? ''})` : `${result.source} ${result.path}`}\n`);
      out.write(`${result.backend.description}\n`);
      out.write(`inputs: ${result.inputs.samples} (${result.inputs.distribution}${result.inputs.sources.length > 0 ? `; ${result.inputs.sources.slice(0, 3).join(', ')}${result.inputs.sources.length > 3 ? ', …' : ''}` : ''})\n`);
      out.write(`${formatTable(
        ['layer', 'kind', 'input', 'output', 'T rows×cols', 'nnz', 'build ms', 'max |error|', 'tolerance (atol)', 'status', '‖T‖₂'],
        result.layers.map((l) => [
          l.name, l.kind, l.inputShapes.map(shapeText).join(' '), shapeText(l.outputShape),
          l.rows === undefined ? '–' : `${l.rows}×${l.cols ?? 0}`, l.nnz === undefined ? '–' : String(l.nnz),
          l.buildMs === undefined ? '–' : l.buildMs.toFixed(1),
          l.maxAbsError === undefined ? '–' : sci(l.maxAbsError), l.tolerance === undefined ? '–' : sci(l.tolerance.atol),
          status(l.status),
          l.norm === undefined ? '–' : l.norm.exact ? l.norm.upper.toPrecision(4) : `[${l.norm.lower.toPrecision(4)}, ${l.norm.upper.toPrecision(4)}]`,
        ]),
      )}\n`);
      if (result.chains.length > 0) {
        out.write(`Composed chains of affine layers (T = T_k⋯T_1, checked against the chain as TensorFlow.js runs it):\n${formatTable(
          ['chain', 'T rows×cols', 'nnz', 'build ms', 'max |error|', 'tolerance (atol)', 'status'],
          result.chains.map((c) => [
            c.layers.join(' → '), `${c.rows}×${c.cols}`, c.nnz === undefined ? '–' : String(c.nnz), c.buildMs === undefined ? '–' : c.buildMs.toFixed(1),
            c.maxAbsError === undefined ? '–' : sci(c.maxAbsError), c.tolerance === undefined ? '–' : sci(c.tolerance.atol), status(c.status),
          ]),
        )}\n`);
      }
      for (const l of result.layers) {
        if (l.status === 'failed' && l.reason !== undefined) out.write(`${pc.red(l.name)}: ${l.reason}\n`);
        if (l.note !== undefined) out.write(`${pc.dim(`${l.name}: ${l.note}`)}\n`);
      }
      for (const c of result.chains) if (c.reason !== undefined) out.write(`${pc.red(c.layers.join(' → '))}: ${c.reason}\n`);
      const count = (s: string): number => result.layers.filter((l) => l.status === s).length;
      const linear = count('checked') + count('failed');
      out.write(
        `${count('checked')} of ${linear} linear layers equal act(T·x + b) on ${result.samples} inputs; ` +
          `${result.chains.filter((c) => c.status === 'checked').length} of ${result.chains.length} composed chains too; ` +
          `${count('not linear')} not linear, ${count('not supported')} not supported ` +
          '(numerical evidence on these inputs, not a formal proof).\n',
      );
      for (const reason of new Set(result.layers.filter((l) => l.status === 'not supported').map((l) => l.reason ?? l.kind))) out.write(`${pc.dim(reason)}\n`);
      if (result.lipschitz !== undefined) {
        out.write(result.lipschitz.bound === undefined
          ? `No Lipschitz bound for this model: ${result.lipschitz.note}.\n`
          : `Lipschitz bound, input → logits (ℓ₂): L ≤ ${sci(result.lipschitz.bound)} from the certified ‖T‖₂ (${result.lipschitz.note}); layerproof spectrum states every rule and the certified radii.\n`);
      }
      if (result.normsSkipped !== undefined) out.write(`${pc.dim(`no norms: ${result.normsSkipped}`)}\n`);
      const shifted = result.shiftConsistency;
      if (shifted !== undefined) {
        const share = (r: { consistency: number; agree: number; total: number }): string => `${(100 * r.consistency).toFixed(1)}% (${r.agree}/${r.total})`;
        out.write(`Shift consistency (Zhang 2019): how often the top-1 class stays the same on the ${shifted.images} inputs, seed ${shifted.seed}:\n`);
        for (const r of shifted.shifts) out.write(`  shift ${r.size} px, ${r.mode === 'circular' ? 'circular' : 'zero fill'}: ${share(r)}\n`);
        for (const r of shifted.flips) out.write(`  ${r.flip} flip: ${share(r)}\n`);
      }
      if (result.shiftConsistencySkipped !== undefined) out.write(`${pc.dim(`no shift consistency: ${result.shiftConsistencySkipped}`)}\n`);
      if (flags.json !== undefined) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
        out.write(`report written to ${flags.json}\n`);
      }
      return result.ok ? 0 : 1;
    }));
}
