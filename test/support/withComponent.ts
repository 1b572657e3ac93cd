import { describe } from 'vitest';
import { COMPONENT_PURPOSE, hasComponent, INSTALL_COMMAND, isCI, type SystemComponent } from './systemComponents.js';

/**
 * `describe` for tests that need a system component: runs them when it is present (always
 * under CI=true, where its absence fails the run), else skips them under a title that
 * names the install command.
 */
export function describeWith(component: SystemComponent, title: string, body: () => void): void {
  if (hasComponent(component) || isCI()) {
    describe(title, body);
  } else {
    describe.skip(`${title} [skipped: no ${component} for ${COMPONENT_PURPOSE[component]}; install with: ${INSTALL_COMMAND}]`, body);
  }
}
