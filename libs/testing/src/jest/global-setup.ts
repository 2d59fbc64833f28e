import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TEMPLATE_URL_VARIABLE } from '../lib/test-databases';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Global setup of the integration targets: one migrated template database for
 * the run, which createTestEnvironment copies for each test file.
 */
export default function globalSetup(): void {
  // Jest loads this file without the tsconfig paths that @billy/* imports need, so the
  // migrating runs in a child process from source with swc, as the apps under test do.
  const output = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '..', 'bin', 'prepare-template-database.ts'), String(process.pid)],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // The URL is the child's last line, whatever a module may have printed before it.
  const url = output.trim().split('\n').pop();
  if (!url) throw new Error('The template database was not prepared: its URL is missing');
  // Jest starts its workers after the global setup: they inherit the variable.
  process.env[TEMPLATE_URL_VARIABLE] = url;
}
