import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';
import { formatTable, sci } from './formatTable.js';
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
      const [{ verifyModel }, { SingleBar }] = await Promise.all([import('../models/verify/verifyModel.js'), import('cli-progress')]);
      const bar = process.stderr.isTTY ? new SingleBar({ format: 'verify-model {bar} {value}/{total} {name}', hideCursor: true, clearOnComplete: true, stream: process.stderr }) : undefined;
      let started = false;
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
          ...(flags.backend !== 'auto' && { backend: flags.backend }),
          ...(flags.device !== 'auto' && { device: flags.device }),
          onProgress: (done, total, name) => {
            if (bar === undefined) return;
            if (!started) bar.start(total, done, { name });
            started = true;
            bar.setTotal(total);
            bar.update(done, { name });
          },
        });
      } finally {
        bar?.stop();
      }
      const status = (s: string): string => (s === 'checked' ? pc.green(s) : s === 'failed' ? pc.red(s) : pc.dim(s));
      const out = process.stdout;
      out.write(`${result.source === 'run' ? `run ${result.path} (${result.configuration ?? ''})` : `${result.source} ${result.path}`}\n`);
      out.write(`${result.backend.description}\n`);
      out.write(`inputs: ${result.inputs.samples} (${result.inputs.distribution}${result.inputs.sources.length > 0 ? `; ${result.inputs.sources.slice(0, 3).join(', ')}${result.inputs.sources.length > 3 ? ', …' : ''}` : ''})\n`);
      out.write(`${formatTable(
        ['layer', 'kind', 'input', 'output', 'T rows×cols', 'nnz', 'build ms', 'max |error|', 'tolerance (atol)', 'status'],
        result.layers.map((l) => [
          l.name, l.kind, l.inputShapes.map(shapeText).join(' '), shapeText(l.outputShape),
          l.rows === undefined ? '–' : `${l.rows}×${l.cols ?? 0}`, l.nnz === undefined ? '–' : String(l.nnz),
          l.buildMs === undefined ? '–' : l.buildMs.toFixed(1),
          l.maxAbsError === undefined ? '–' : sci(l.maxAbsError), l.tolerance === undefined ? '–' : sci(l.tolerance.atol),
          status(l.status),
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
      if (flags.json !== undefined) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
        out.write(`report written to ${flags.json}\n`);
      }
      return result.ok ? 0 : 1;
    }));
}
