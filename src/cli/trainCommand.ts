import { basename, extname } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';
import type { TrainOptions } from '../cnn/train/train.js';
import { formatTable } from './formatTable.js';
import { runCommand } from './runCommand.js';

interface TrainFlags {
  data: string;
  out?: string;
  model: string;
  search: 'grid' | 'random';
  budget?: string;
  epochs?: string;
  kernel?: string;
  lr?: string;
  optimizer?: 'adam' | 'sgd';
  schedule?: 'constant' | 'onecycle';
  batch?: string;
  weightDecay?: string;
  labelSmoothing?: string;
  augment?: boolean;
  retrain?: boolean;
  validationFraction?: string;
  images?: string;
  subset?: string;
  test?: string[];
  seed: string;
  resume?: boolean;
  download?: boolean;
  backend: 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  device: 'auto' | 'cpu' | 'gpu';
  quiet?: boolean;
  workers: string;
}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw LayerproofError.invalid({ op: 'layerproof train', argument: flag, value, expected: 'a number' });
  return n;
}

function numbers(flag: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((v) => number(flag, v) ?? NaN);
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a CNN on CIFAR-10 with the layers the checks verify: search on a validation split, one test report, curves and feature maps')
    .requiredOption('--data <dir>', 'folder with the CIFAR-10 binary files (data_batch_1.bin … data_batch_5.bin, test_batch.bin, batches.meta.txt)')
    .option('--out <dir>', 'run folder (default runs/<model>)')
    .option('--model <name>', "'lenet' (the exercise's network), 'default' (a stronger one) or a JSON model spec file", 'default')
    .addOption(new Option('--search <kind>', 'hyperparameter search').choices(['grid', 'random']).default('grid'))
    .option('--budget <n>', 'configurations: random search draws this many; a grid is cut to this many')
    .option('--epochs <n>', 'epochs per configuration (default: lenet 30, default 60)')
    .option('--kernel <list>', 'kernel sizes to search, e.g. 3,5,6 (lenet default 3,5,6; default 3)')
    .option('--lr <list>', 'learning rates to search, e.g. 0.01,0.001; with --search random, the low,high range')
    .addOption(new Option('--optimizer <name>', 'optimizer (default: lenet adam, default sgd with Nesterov momentum)').choices(['adam', 'sgd']))
    .addOption(new Option('--schedule <name>', 'learning-rate schedule (default: lenet constant, default onecycle)').choices(['constant', 'onecycle']))
    .option('--batch <n>', 'batch size (default 128)')
    .option('--weight-decay <x>', 'L2 penalty on kernels (default: lenet 0, default 5e-4)')
    .option('--label-smoothing <x>', 'label smoothing (default: lenet 0, default 0.1)')
    .option('--augment', 'random crop (4 px padding) and horizontal flip (default for the default model)')
    .option('--no-augment', 'no augmentation')
    .option('--retrain', 'retrain the chosen configuration on training + validation before the test')
    .option('--validation-fraction <x>', 'fraction of the training files held out for validation, stratified (default 0.1)')
    .option('--images <list>', 'test images whose feature maps are drawn (default 0,1)')
    .option('--test <files...>', 'files to use as the test set instead of test_batch.bin (they are left out of training)')
    .option('--subset <n>', 'use only the first N images of the training files and of the test files (smoke runs)')
    .option('--seed <n>', 'seed of the split, shuffles, augmentation, initialisation and random search', '0')
    .option('--resume', 'continue the run in --out from its last checkpoint')
    .option('--download', 'fetch the official archive into --data first (HTTPS, MD5-checked; LAYERPROOF_CIFAR_URL and LAYERPROOF_CIFAR_MD5 override)')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']).default('auto'))
    .addOption(new Option('--device <name>', 'device').choices(['auto', 'cpu', 'gpu']).default('auto'))
    .option('--workers <n>', "configurations trained at once, one process each ('auto': one per core on wasm and cpu, which use one core each)", 'auto')
    .option('--quiet', 'no progress output, only the result')
    .action(runCommand(async (flags: TrainFlags) => {
      // Loaded here, not at startup: the other commands need none of TensorFlow.js's training code.
      const [{ createProgressObserver }, { downloadCifar }, { train }] = await Promise.all([
        import('../cnn/train/createProgressObserver.js'), import('../cnn/train/downloadCifar.js'), import('../cnn/train/train.js'),
      ]);
      const stdout = process.stdout;
      if (flags.download === true) {
        const bar = stdout.isTTY && flags.quiet !== true
          ? new cliProgress.SingleBar({ format: 'downloading CIFAR-10 [{bar}] {percentage}% | {value}/{total} MB | ETA {eta_formatted}', stream: stdout }, cliProgress.Presets.shades_classic)
          : undefined;
        let started = false;
        const fetched = await downloadCifar(flags.data, {
          ...(process.env.LAYERPROOF_CIFAR_URL !== undefined && { url: process.env.LAYERPROOF_CIFAR_URL }),
          ...(process.env.LAYERPROOF_CIFAR_MD5 !== undefined && { md5: process.env.LAYERPROOF_CIFAR_MD5 }),
          onProgress: (received, total) => {
            if (bar === undefined) return;
            const mb = (b: number): number => Math.round(b / 1e5) / 10;
            if (!started) {
              bar.start(mb(total ?? received), 0);
              started = true;
            }
            bar.update(mb(received));
          },
        });
        bar?.stop();
        if (flags.quiet !== true) stdout.write(fetched ? `downloaded and unpacked CIFAR-10 into ${flags.data} (MD5 checked)\n` : `CIFAR-10 is already in ${flags.data}\n`);
      }
      const model = flags.model;
      const out = flags.out ?? `runs/${model === 'lenet' || model === 'default' ? model : basename(model, extname(model))}`;
      const controller = new AbortController();
      const observer = createProgressObserver({ quiet: flags.quiet === true });
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        observer.onMessage?.(pc.yellow('interrupted: saving the position after this batch (Ctrl-C again to quit at once)'));
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      const options: TrainOptions = {
        data: flags.data, out, model, search: flags.search, seed: number('--seed', flags.seed) ?? 0,
        signal: controller.signal, observer,
        workers: flags.workers === 'auto' ? 'auto' : number('--workers', flags.workers) ?? 1,
        ...(flags.backend !== 'auto' && { backend: flags.backend }),
        ...(flags.device !== 'auto' && { device: flags.device }),
        ...(flags.budget !== undefined && { budget: number('--budget', flags.budget) ?? 0 }),
        ...(flags.epochs !== undefined && { epochs: number('--epochs', flags.epochs) ?? 0 }),
        ...(flags.kernel !== undefined && { kernels: numbers('--kernel', flags.kernel) ?? [] }),
        ...(flags.lr !== undefined && { learningRates: numbers('--lr', flags.lr) ?? [] }),
        ...(flags.optimizer !== undefined && { optimizer: flags.optimizer }),
        ...(flags.schedule !== undefined && { schedule: flags.schedule }),
        ...(flags.batch !== undefined && { batchSize: number('--batch', flags.batch) ?? 0 }),
        ...(flags.weightDecay !== undefined && { weightDecay: number('--weight-decay', flags.weightDecay) ?? 0 }),
        ...(flags.labelSmoothing !== undefined && { labelSmoothing: number('--label-smoothing', flags.labelSmoothing) ?? 0 }),
        ...(flags.augment !== undefined && { augment: flags.augment }),
        ...(flags.retrain !== undefined && { retrain: flags.retrain }),
        ...(flags.validationFraction !== undefined && { validationFraction: number('--validation-fraction', flags.validationFraction) ?? 0 }),
        ...(flags.images !== undefined && { images: numbers('--images', flags.images) ?? [] }),
        ...(flags.subset !== undefined && { subset: number('--subset', flags.subset) ?? 0 }),
        ...(flags.test !== undefined && { testFiles: flags.test.flatMap((t) => t.split(',')).filter((t) => t !== '') }),
        ...(flags.resume !== undefined && { resume: flags.resume }),
      };
      try {
        const result = await train(options);
        observer.stop();
        if (result.status === 'interrupted') {
          stdout.write(`stopped; the position is saved in ${result.out}. Continue with: layerproof train --data ${flags.data} --out ${out} --resume\n`);
          return 130;
        }
        const r = result.report;
        if (r === undefined) return 1;
        stdout.write(`${formatTable(
          ['configuration', 'status', 'best validation acc', 'epoch', 'img/s', 'training time'],
          r.configurations.map((c) => [
            `${c.id === r.chosen.configuration.id ? '* ' : ''}${c.description}`, c.status,
            c.bestValidationAccuracy === undefined ? '–' : `${(100 * c.bestValidationAccuracy).toFixed(1)}%`, String(c.bestEpoch ?? '–'),
            c.imagesPerSecond.toFixed(0), `${(c.trainSeconds / 60).toFixed(1)} min`,
          ]),
        )}\n`);
        stdout.write(
          `chosen ${r.chosen.description} (validation ${(100 * r.validationAccuracy).toFixed(1)}%, epoch ${r.chosen.bestEpoch}${r.chosen.retrained ? ', retrained on training + validation' : ''})\n` +
            `${pc.bold(`test accuracy ${(100 * r.testAccuracy).toFixed(2)}%`)} on ${r.testImages} test images (read once, after the choice)\n` +
            `${r.backendDescription}; ${r.imagesPerSecond.toFixed(0)} training img/s; wall time ${(r.wallSeconds / 60).toFixed(1)} min\n` +
            `outputs in ${result.out}: report.html, report.json, metrics.jsonl, figures/, feature-maps/, checkpoints/\n`,
        );
        return 0;
      } finally {
        process.off('SIGINT', onSigint);
        observer.stop();
      }
    }));
}
