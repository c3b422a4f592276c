import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEB = path.join(ROOT, 'apps', 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
const LOCK = path.join(WEB, '.build-lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when apps/web/dist is missing or older than any of the console's sources. */
export function consoleBuildIsStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const sources = [path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts'), path.join(WEB, 'package.json')]
    .filter(existsSync)
    .map((f) => statSync(f).mtimeMs);
  return Math.max(newestSource(path.join(WEB, 'src')), ...sources) > statSync(DIST_INDEX).mtimeMs;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the console (`npm run build:web`, i.e. Vite) when the build is missing or stale, so
 * `npm test` works on a clean clone. A lock directory keeps parallel Jest workers from building
 * at once; a lock older than five minutes is taken to be left over from a killed run.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (consoleBuildIsStale()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another process to build the web console');
      await sleep(500);
      continue;
    }
    try {
      if (!consoleBuildIsStale()) return;
      execFileSync(
        process.execPath,
        [
          path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          path.join(WEB, 'vite.config.ts'),
          '--logLevel',
          'error',
        ],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 170_000,
        },
      );
      return;
    } catch (error) {
      const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(`building the web console failed: ${e.stderr?.toString() || e.stdout?.toString() || e.message}`, { cause: error });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
