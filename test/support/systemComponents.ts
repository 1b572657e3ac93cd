import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * System components some tests need. Such tests run whenever the component is present,
 * are mandatory under CI=true (where .ci/run installs it), and otherwise are skipped with
 * a message naming the one command that installs it. Nothing skips silently.
 */
export type SystemComponent = 'chromium' | 'vulkan';

export const INSTALL_COMMAND = 'sudo npm run install-system-deps';

export const COMPONENT_PURPOSE: Record<SystemComponent, string> = {
  chromium: 'the end-to-end test of the rendered proof site in headless Chromium',
  vulkan: 'the WebGPU backend tests on a software Vulkan adapter (Mesa 25 lavapipe)',
};

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** Asks Dawn (the `webgpu` package) for an adapter in a child process, so a crash cannot take the tests down. */
function webgpuAdapterAvailable(): boolean {
  const probe = `
    const { create, globals } = require('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create([]);
    gpu.requestAdapter().then((a) => { process.stdout.write(a ? 'yes' : 'no'); process.exit(0); }, () => { process.stdout.write('no'); process.exit(0); });
  `;
  try {
    const out = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() === 'yes';
  } catch {
    return false;
  }
}

const cache = new Map<SystemComponent, boolean>();

export function hasComponent(name: SystemComponent): boolean {
  const known = cache.get(name);
  if (known !== undefined) return known;
  const present = name === 'chromium' ? chromiumPath() !== undefined : webgpuAdapterAvailable();
  cache.set(name, present);
  return present;
}

export function isCI(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}
