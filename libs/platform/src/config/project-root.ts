import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest folder above this file holding config/engine.yaml (works from src and dist). */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'config', 'engine.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function configPath(...parts: string[]): string {
  return path.join(projectRoot(), 'config', ...parts);
}
