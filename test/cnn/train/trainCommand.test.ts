import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CIFAR_RECORD_BYTES, lenetSpec, type RunReport } from '../../../src/index.js';
import { serveArchive, type ArchiveServer } from './support/serveArchive.js';
import { TINY_SPEC, syntheticRecords, writeSyntheticCifar } from './support/syntheticCifar.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-cli-'));
const root = new URL('../../../', import.meta.url).pathname;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a child process; `onStdout` may send it a signal. */
function cli(args: readonly string[], options: { env?: Record<string, string>; onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, ...options.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let server: ArchiveServer;

describe('layerproof train and verify-model from the command line', () => {
  beforeAll(async () => {
    server = await serveArchive(scratch);
  });
  afterAll(async () => {
    await server.close();
  });

  test('--download from a local server, Ctrl-C saves the position, --resume finishes, verify-model passes', async () => {
    const data = join(scratch, 'data');
    const out = join(scratch, 'run');
    const spec = join(scratch, 'tiny.json');
    writeFileSync(spec, JSON.stringify(TINY_SPEC));
    const args = ['train', '--data', data, '--out', out, '--model', spec, '--epochs', '8', '--batch', '20', '--lr', '0.01', '--backend', 'cpu', '--images', '3'];
    let sent = false;
    const first = await cli([...args, '--download'], {
      env: { LAYERPROOF_CIFAR_URL: server.url, LAYERPROOF_CIFAR_MD5: server.md5 },
      onStdout: (text, kill) => {
        if (!sent && text.includes('epoch 1/8')) {
          sent = true;
          kill('SIGINT');
        }
      },
    });
    expect(first.stdout).toContain('(MD5 checked)');
    expect(first.stdout).toContain("TensorFlow.js backend 'cpu' on the CPU");
    expect(first.stdout).toContain('interrupted: saving the position');
    expect(first.stdout).toContain(`--out ${out} --resume`);
    expect(first.code).toBe(130);

    const second = await cli([...args, '--resume']);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/resumed after epoch [1-7], batch \d+/);
    expect(second.stdout).toMatch(/test accuracy \d+\.\d\d% on 100 test images/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.testAccuracy).toBeGreaterThan(0.9);

    const verified = await cli(['verify-model', out, '--backend', 'cpu', '--limit', '4']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^run .* \(c01\)$/m);
    expect(verified.stdout).toContain('5 of 5 linear layers equal act(T·x + b) on 4 inputs');
    // The old meaning of --images (a count of test images) is refused with what to use instead.
    const old = await cli(['verify-model', out, '--backend', 'cpu', '--images', '4']);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/a run is checked on its own test images.*--limit N/);
  });

  test('a broken network and a truncated data file exit with status 2 and say what is wrong, before any training', async () => {
    const data = writeSyntheticCifar(join(scratch, 'small'), { perFile: 10, test: 10 });
    const broken = join(scratch, 'broken.json');
    const lenet = lenetSpec(5);
    writeFileSync(broken, JSON.stringify({ ...lenet, layers: [...lenet.layers.slice(0, 4), { kind: 'conv2d', filters: 32, kernel: 5 }, { kind: 'maxPool', poolSize: 2 }, ...lenet.layers.slice(4)] }));
    const truncated = writeSyntheticCifar(join(scratch, 'truncated'), { perFile: 10, test: 10 });
    writeFileSync(join(truncated, 'data_batch_2.bin'), syntheticRecords(3, 1).subarray(0, 3 * CIFAR_RECORD_BYTES - 5));
    const [network, file] = await Promise.all([
      cli(['train', '--data', data, '--out', join(scratch, 'x'), '--model', broken, '--backend', 'cpu']),
      cli(['train', '--data', truncated, '--out', join(scratch, 'y'), '--model', 'lenet', '--backend', 'cpu']),
    ]);
    expect(network.code).toBe(2);
    expect(network.stderr).toContain("layer 6 (maxPool): a 2×2 window does not fit its 1×1 input");
    expect(network.stderr).toContain('the third convolution');
    expect(file.code).toBe(2);
    expect(file.stderr).toContain(`${join(truncated, 'data_batch_2.bin')} is truncated`);
    expect(file.stderr).toContain(`its size, ${3 * CIFAR_RECORD_BYTES - 5} bytes`);
  });
});
