import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { BackendChoice, DeviceChoice } from '../backends/selectBackend.js';
import type { EpochMetrics } from './EpochMetrics.js';
import type { ConfigurationOutcome, TrainConfigurationInput, TrainingObserver } from './trainConfiguration.js';

/** What a worker is given: everything of a configuration's training but the signal and observer. */
export interface ConfigurationWorkerRequest {
  readonly input: Omit<TrainConfigurationInput, 'signal' | 'observer'>;
  readonly backend: { readonly backend?: BackendChoice; readonly device?: DeviceChoice };
}

type Event<K extends keyof TrainingObserver> = Parameters<NonNullable<TrainingObserver[K]>>[0];

/** What a worker reports back. */
export type ConfigurationWorkerMessage =
  | { readonly type: 'start'; readonly event: Event<'onConfigurationStart'> }
  | { readonly type: 'batch'; readonly event: Event<'onBatch'> }
  | { readonly type: 'epoch'; readonly metrics: EpochMetrics }
  | { readonly type: 'message'; readonly text: string }
  | { readonly type: 'done'; readonly outcome: ConfigurationOutcome }
  | { readonly type: 'error'; readonly message: string; readonly layerproof: boolean };

/**
 * The child process. Built, it runs configurationWorker.js; from the TypeScript sources
 * (tsx, vitest) it runs configurationWorker.ts under tsx's loader.
 */
function startWorker(): ChildProcess {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSources ? './configurationWorker.ts' : './configurationWorker.js', import.meta.url));
  return fork(entry, [], { serialization: 'advanced', execArgv: fromSources ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/**
 * Trains one configuration in a child process, so that a search can train several at once
 * on a machine whose backend uses one core per model (wasm and cpu do). The child brings up
 * its own TensorFlow.js on the same backend and gets the images over IPC. Events come back
 * to `observer`; aborting `signal` asks the child to save its position and stop (Ctrl-C
 * itself is ignored there: the parent decides).
 */
export function runConfigurationInWorker(
  request: ConfigurationWorkerRequest, observer?: TrainingObserver, signal?: AbortSignal,
): Promise<ConfigurationOutcome> {
  const worker = startWorker();
  worker.send({ type: 'start', request });
  return new Promise<ConfigurationOutcome>((resolve, reject) => {
    const abort = (): void => {
      if (worker.connected) worker.send({ type: 'abort' });
    };
    if (signal?.aborted === true) abort();
    signal?.addEventListener('abort', abort);
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      action();
      if (worker.exitCode === null) worker.kill();
    };
    worker.on('message', (message: ConfigurationWorkerMessage) => {
      switch (message.type) {
        case 'start': observer?.onConfigurationStart?.(message.event); break;
        case 'batch': observer?.onBatch?.(message.event); break;
        case 'epoch': observer?.onEpoch?.(message.metrics); break;
        case 'message': observer?.onMessage?.(message.text); break;
        case 'done': finish(() => resolve(message.outcome)); break;
        case 'error': finish(() => reject(message.layerproof ? new LayerproofError(message.message) : new Error(message.message))); break;
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code, signal) => finish(() => reject(new Error(`the training process of ${request.input.configuration.id} stopped (${signal ?? `exit code ${code}`}) before it finished`))));
  });
}
