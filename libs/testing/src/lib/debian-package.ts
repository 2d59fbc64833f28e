import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Installs the Debian package that provides `binary` when it is missing and this runs as root (CI, a fresh
 * machine); says what to run otherwise. Returns the binary's path.
 */
export function ensureDebianPackage(binary: string, debianPackage: string): string {
  if (existsSync(binary)) return binary;
  if (process.getuid?.() !== 0)
    throw new Error(`${binary} is missing: install it with \`apt-get install -y ${debianPackage}\``);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', debianPackage],
  ]) {
    const run = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0 && args[0] === 'install')
      throw new Error(`apt-get install ${debianPackage} failed: ${run.stderr}`);
  }
  return binary;
}
