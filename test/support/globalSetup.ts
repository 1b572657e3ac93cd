import { COMPONENT_PURPOSE, hasComponent, INSTALL_COMMAND, isCI, type SystemComponent } from './systemComponents.js';

/**
 * Before any test: says which system components are missing and what is skipped for it.
 * Under CI=true a missing component fails the run (.ci/run installs them all).
 */
export default function setup(): void {
  const missing = (Object.keys(COMPONENT_PURPOSE) as SystemComponent[]).filter((c) => !hasComponent(c));
  if (missing.length === 0) return;
  const lines = missing.map((c) => `  - ${c}: skipping ${COMPONENT_PURPOSE[c]}`);
  const message = `Missing system components:\n${lines.join('\n')}\nInstall them with: ${INSTALL_COMMAND}\n`;
  if (isCI()) throw new Error(`${message}Under CI=true these tests are mandatory.`);
  process.stdout.write(`\n${message}\n`);
}
