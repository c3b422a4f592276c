#!/usr/bin/env node
// Builds only when the sources changed since the last build, so `npm start`, `npm run cli` and
// `npm run demo` start in a second or two instead of recompiling with tsc and vite every time.
// The stamp is a digest of every source file's path, size and modification time (a deleted or
// renamed file changes it too); tests and docs are not part of the build and are left out.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'testing', 'contract']);
const isSpec = (name) => /\.spec\.tsx?$/.test(name);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(path.join(dir, entry.name));
    } else if (!isSpec(entry.name)) {
      yield path.join(dir, entry.name);
    }
  }
}

function sourceDigest() {
  const files = [...walk(path.join(root, 'apps')), ...walk(path.join(root, 'libs'))];
  for (const name of ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) files.push(path.join(root, name));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${path.relative(root, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const digest = sourceDigest();
const built =
  existsSync(stampFile) && existsSync(path.join(root, 'apps/web/dist/index.html')) ? readFileSync(stampFile, 'utf8').trim() : '';
if (built === digest) process.exit(0);

process.stderr.write('sources changed since the last build: building (tsc and vite)\n');
const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
mkdirSync(path.dirname(stampFile), { recursive: true });
writeFileSync(stampFile, `${digest}\n`);
