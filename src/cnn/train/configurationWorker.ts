/**
 * Entry of a child process that trains one configuration (see runConfigurationInWorker). It
 * is an entry point, like the CLI: it starts work when run, and only when forked with an
 * IPC channel.
 */
import { LayerproofError } from '../../core/LayerproofError.js';
import type { ConfigurationWorkerMessage, ConfigurationWorkerRequest } from './runConfigurationInWorker.js';
import { trainConfiguration } from './trainConfiguration.js';
import { useTrainingBackend } from './useTrainingBackend.js';

function post(message: ConfigurationWorkerMessage): void {
  process.send?.(message);
}

async function run(request: ConfigurationWorkerRequest, signal: AbortSignal): Promise<void> {
  try {
    await useTrainingBackend(request.backend);
    const outcome = await trainConfiguration({
      ...request.input,
      signal,
      observer: {
        onConfigurationStart: (event) => post({ type: 'start', event }),
        onBatch: (event) => post({ type: 'batch', event }),
        onEpoch: (metrics) => post({ type: 'epoch', metrics }),
        onMessage: (text) => post({ type: 'message', text }),
      },
    });
    post({ type: 'done', outcome });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error), layerproof: error instanceof LayerproofError });
  }
  process.disconnect?.();
}

if (process.send !== undefined) {
  const controller = new AbortController();
  // Ctrl-C reaches the whole process group: the parent decides, and says 'abort'.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => controller.abort());
  process.on('message', (message: { type?: string; request?: ConfigurationWorkerRequest }) => {
    if (message.type === 'abort') controller.abort();
    if (message.type === 'start' && message.request !== undefined) void run(message.request, controller.signal);
  });
}
