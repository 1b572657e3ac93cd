import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';

/**
 * Runs a command action and turns failures into a short message and an exit status:
 * a LayerproofError (bad input) prints its message alone; anything else prints its
 * message and, with LAYERPROOF_DEBUG=1, its stack. Exit 1 for failures, 2 for bad input.
 */
export function runCommand<A extends unknown[]>(action: (...args: A) => Promise<number | undefined>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const status = await action(...args);
      process.exitCode = typeof status === 'number' ? status : 0;
    } catch (error) {
      if (error instanceof LayerproofError) {
        process.stderr.write(`${pc.red('error')}: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${pc.red('error')}: ${message}\n`);
      if (process.env.LAYERPROOF_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
        process.stderr.write(`${error.stack}\n`);
      } else {
        process.stderr.write(pc.dim('(set LAYERPROOF_DEBUG=1 to see where it happened)\n'));
      }
      process.exitCode = 1;
    }
  };
}
