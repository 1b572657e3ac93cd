import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';
import { formatTable, sci } from './formatTable.js';
import { runCommand } from './runCommand.js';

export function registerVerifyModelCommand(program: Command): void {
  program
    .command('verify-model')
    .description("check a trained run's layers: each linear layer of the tested model equals T·x + b on real test images")
    .argument('<run>', 'run folder written by layerproof train (e.g. runs/default)')
    .option('--images <n>', 'test images to propagate through the network', '8')
    .option('--data <dir>', 'where the test files are now, if they moved since training')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']).default('auto'))
    .addOption(new Option('--device <name>', 'device').choices(['auto', 'cpu', 'gpu']).default('auto'))
    .action(runCommand(async (run: string, flags: { images: string; data?: string; backend: 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'; device: 'auto' | 'cpu' | 'gpu' }) => {
      const images = Number(flags.images);
      if (!Number.isInteger(images) || images < 1) throw LayerproofError.invalid({ op: 'layerproof verify-model', argument: '--images', value: flags.images, expected: 'a positive integer' });
      const { verifyModel } = await import('../cnn/train/verifyModel.js');
      const result = await verifyModel(run, {
        images,
        ...(flags.data !== undefined && { data: flags.data }),
        ...(flags.backend !== 'auto' && { backend: flags.backend }),
        ...(flags.device !== 'auto' && { device: flags.device }),
      });
      process.stdout.write(`${result.backend.description}\n`);
      process.stdout.write(`${formatTable(
        ['layer', 'input', 'max |error|', 'tolerance (atol)', 'status'],
        result.layers.map((l) => [
          l.label, `[${l.inputShape.join(', ')}]`,
          l.maxAbsError === undefined ? '–' : sci(l.maxAbsError),
          l.tolerance === undefined ? '–' : sci(l.tolerance.atol),
          l.status === 'checked' ? pc.green('checked') : l.status === 'failed' ? pc.red('failed') : pc.dim('not linear'),
        ]),
      )}\n`);
      for (const l of result.layers) if (l.reason !== undefined) process.stdout.write(`${pc.red(l.label)}: ${l.reason}\n`);
      const checked = result.layers.filter((l) => l.status !== 'not linear');
      const failed = checked.filter((l) => l.status === 'failed').length;
      process.stdout.write(
        `${checked.length - failed} of ${checked.length} linear layers of ${result.configuration} equal T·x + b on ${result.images} test images ` +
          '(numerical evidence on these images, not a formal proof; ReLU and max pooling have no matrix).\n',
      );
      return failed > 0 ? 1 : 0;
    }));
}
