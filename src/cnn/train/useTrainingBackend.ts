import { selectBackend, type BackendChoice, type BackendName, type DeviceChoice } from '../backends/selectBackend.js';

/** The backend a run trains on, as printed and recorded in report.json. */
export interface TrainingBackend {
  readonly backend: BackendName;
  readonly device: 'cpu' | 'gpu';
  readonly adapter?: string;
  readonly description: string;
}

/**
 * The trainer's one door to backend selection (`--backend`, `--device`): layerproof's
 * `selectBackend` brings up the fastest backend that works, with the training kernels
 * wasm lacks, and refuses `--device gpu` where no GPU backend came up.
 */
export async function useTrainingBackend(options: { backend?: BackendChoice; device?: DeviceChoice } = {}): Promise<TrainingBackend> {
  const info = await selectBackend({ backend: options.backend ?? 'auto', device: options.device ?? 'auto' });
  return {
    backend: info.backend, device: info.device, description: info.description,
    ...(info.adapter !== undefined && { adapter: info.adapter }),
  };
}
