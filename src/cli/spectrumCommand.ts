import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';
import { formatTable, sci } from './formatTable.js';
import { layerProgress } from './layerProgress.js';
import { runCommand } from './runCommand.js';

interface SpectrumFlags {
  images?: string[];
  cifar?: string[];
  random?: string;
  seed: string;
  limit?: string;
  inputShape?: string;
  range: '0,1' | '0,255' | '-1,1';
  data?: string;
  radii: string;
  json?: string;
  plot?: string;
  backend: 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  device: 'auto' | 'cpu' | 'gpu';
}

const command = 'layerproof spectrum';

function integer(argument: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw LayerproofError.invalid({ op: command, argument, value, expected: `an integer ≥ ${min}` });
  return n;
}

function list(argument: string, value: string, integers: boolean, example: string): number[] {
  const values = value.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0 || (integers && !Number.isInteger(v)))) {
    throw LayerproofError.invalid({ op: command, argument, value, expected: `positive ${integers ? 'integers' : 'numbers'} separated by commas, e.g. ${example}` });
  }
  return values;
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;
const num = (x: number | undefined): string => (x === undefined ? '–' : Number.isFinite(x) ? x.toPrecision(4) : String(x));

export function registerSpectrumCommand(program: Command): void {
  program
    .command('spectrum')
    .description("each layer's operator norm as a certified interval, the model's Lipschitz bound with its rules, and each input's certified ℓ₂ radius beside the network's local gradient norm")
    .argument('<path>', 'a run folder of layerproof train, a model.json (layers or graph model), or a folder holding one')
    .option('--images <files...>', 'PNG or JPEG files, or folders of them, resized to the model input')
    .option('--cifar <files...>', 'CIFAR-10 binary files (data_batch_*.bin, test_batch.bin)')
    .option('--random <n>', 'n seeded random inputs, uniform over the pixel range (the default for a model.json: 8)')
    .option('--seed <s>', 'seed of the random inputs and of power iteration', '1')
    .option('--limit <n>', 'use at most n inputs (for a run: its first n test images; default 100)')
    .option('--input-shape <h,w,c>', 'input size where the model leaves it open, e.g. 224,224,3')
    .addOption(new Option('--range <range>', 'pixel scaling of image files').choices(['0,1', '0,255', '-1,1']).default('0,1'))
    .option('--data <dir>', 'for a run: where its test files are now, if they moved since training')
    .option('--radii <r,...>', "radii (in the input's units) at which to report the share of inputs certified", '0.01,0.1,0.5')
    .option('--json <file>', 'also write the report as JSON')
    .option('--plot <file.png|file.svg>', 'draw the sorted singular values of each convolution with circular padding (log scale)')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']).default('auto'))
    .addOption(new Option('--device <name>', 'device').choices(['auto', 'cpu', 'gpu']).default('auto'))
    .addHelpText('after', `
Each affine layer's operator norm ‖T‖₂ is given as a certified interval [lower, upper] (equal when
exact), with the method and what it rests on; a convolution's reshaped-kernel norm (what PyTorch's
spectral_norm computes) is shown beside it, and it is not the operator norm. The model's Lipschitz
bound L (ℓ₂, input to logits; a final softmax is left out) multiplies the layers' bounds along the
graph, each rule stated. An input's certified radius (top-1 logit − runner-up)/(√2·L) is a proof
that no perturbation of smaller ℓ₂ norm changes the prediction; the local gradient norm of that
margin beside it shows how far the bound is from the network. For an ordinarily trained network
the radii are tiny, and the report says so.

Examples:
  layerproof spectrum runs/lenet --limit 200 --json spectrum.json --plot spectrum.png
  layerproof spectrum my_model/model.json --images photos/ --radii 0.001,0.01`)
    .action(runCommand(async (path: string, flags: SpectrumFlags) => {
      const inputShape = flags.inputShape === undefined ? undefined : list('--input-shape', flags.inputShape, true, '224,224,3');
      const radii = list('--radii', flags.radii, false, '0.01,0.1,0.5');
      const random = integer('--random', flags.random, 1);
      const limit = integer('--limit', flags.limit, 1);
      const seed = integer('--seed', flags.seed, 0);
      if (flags.plot !== undefined && !['.png', '.svg'].includes(extname(flags.plot).toLowerCase())) {
        throw LayerproofError.invalid({ op: command, argument: '--plot', value: flags.plot, expected: 'a file name ending in .png or .svg' });
      }
      const { spectrumReport } = await import('../spectrum/model/spectrumReport.js');
      const progress = await layerProgress('spectrum');
      let run;
      try {
        run = await spectrumReport(path, {
          ...(flags.images !== undefined && { images: flags.images }),
          ...(flags.cifar !== undefined && { cifar: flags.cifar }),
          ...(random !== undefined && { random }),
          ...(seed !== undefined && { seed, norm: { seed } }),
          ...(limit !== undefined && { limit }),
          ...(inputShape !== undefined && { inputShape }),
          ...(flags.data !== undefined && { data: flags.data }),
          range: flags.range,
          radii,
          spectra: flags.plot !== undefined,
          ...(flags.backend !== 'auto' && { backend: flags.backend }),
          ...(flags.device !== 'auto' && { device: flags.device }),
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      const { report, spectra } = run;
      const out = process.stdout;
      out.write(`${report.source === 'run' ? `run ${report.path} (${report.configuration ?? ''})` : `${report.source} ${report.path}`}, input ${shapeText(report.inputShape)}\n`);
      out.write(`${report.backend.description}\n`);
      out.write(`${formatTable(
        ['layer', 'kind', 'lower ‖T‖', 'upper ‖T‖', 'gap', 'smallest σ', 'method', 'ms', 'reshaped kernel', 'L factor', 'L so far'],
        report.layers.map((l) => [
          l.name, l.kind, num(l.lower), num(l.upper), l.gap === undefined ? '–' : l.exact === true ? 'exact' : `${(100 * l.gap).toFixed(2)}%`,
          num(l.smallest), l.method ?? (l.status === 'affine' ? '–' : pc.dim(l.status)), l.ms === undefined ? '–' : l.ms.toFixed(0),
          num(l.reshapedKernel), num(l.factor), l.bound === undefined ? pc.dim('no bound') : sci(l.bound),
        ]),
      )}\n`);
      const { lipschitz } = report;
      out.write('Rules:\n');
      for (const rule of lipschitz.rules) out.write(`  • ${rule}\n`);
      if (lipschitz.bound === undefined) {
        out.write(`${pc.red('No Lipschitz bound')} for this model:\n`);
        for (const b of lipschitz.noBound) out.write(`  ${b.layer}: ${b.reason}\n`);
      } else {
        out.write(`Lipschitz bound, input → logits (ℓ₂): L ≤ ${sci(lipschitz.bound)} (${lipschitz.logits.note}).\n`);
      }
      const radii0 = report.radii;
      if (radii0 !== undefined) {
        out.write(`Certified ℓ₂ radii on ${report.inputs.samples} inputs (${report.inputs.distribution}; ${report.inputs.units}):\n`);
        out.write(`${formatTable(['radius', 'certified', 'share'], radii0.shares.map((s) => [String(s.radius), `${s.certified}/${radii0.images.length}`, `${(100 * s.share).toFixed(1)}%`]))}\n`);
        out.write(`${radii0.summary}\n`);
      } else if (report.radiiSkipped !== undefined) {
        out.write(`${pc.dim(report.radiiSkipped)}\n`);
      }
      for (const s of report.spectra) if (s.skipped !== undefined) out.write(pc.dim(`${s.name}: no circular spectrum: ${s.skipped}\n`));
      if (flags.plot !== undefined) {
        if (spectra.length === 0) {
          out.write(pc.dim(`no plot: the model has no Conv2D or DepthwiseConv2D layer whose circular spectrum layerproof computes\n`));
        } else {
          const { writeSpectrumPlot } = await import('../spectrum/model/spectrumPlot.js');
          await writeSpectrumPlot(flags.plot, spectra);
          out.write(`plot written to ${flags.plot}\n`);
        }
      }
      if (flags.json !== undefined) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
        out.write(`report written to ${flags.json}\n`);
      }
      return 0;
    }));
}
