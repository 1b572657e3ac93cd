/** Progress over a model's layers on a terminal: `onProgress` for the engine, `stop` when it ends. */
export interface LayerProgress {
  readonly onProgress: (done: number, total: number, name: string) => void;
  readonly stop: () => void;
}

/**
 * A cli-progress bar labelled with the command, shown only when stderr is a terminal (logs and
 * pipes get the table alone). cli-progress is loaded here, when the command runs, not at start-up.
 */
export async function layerProgress(label: string): Promise<LayerProgress> {
  if (!process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ format: `${label} {bar} {value}/{total} {name}`, hideCursor: true, clearOnComplete: true, stream: process.stderr });
  let started = false;
  return {
    onProgress: (done, total, name) => {
      if (!started) bar.start(total, done, { name });
      started = true;
      bar.setTotal(total);
      bar.update(done, { name });
    },
    stop: () => bar.stop(),
  };
}
