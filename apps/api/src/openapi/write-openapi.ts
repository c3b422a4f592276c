import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApiFiles } from './openapi-files';
import { absolute } from './openapi-paths';

/**
 * `npm run openapi`: regenerates the committed OpenAPI document and the client types from the
 * code. With `--check` it writes nothing and exits 1 when a committed copy is stale (the
 * OpenAPI unit test runs it so: openapi-typescript needs Node's own require of ES modules,
 * which Jest's module system does not offer).
 */
async function main(check: boolean): Promise<void> {
  const stale: string[] = [];
  for (const { file, content } of await generateOpenApiFiles()) {
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(absolute(file), 'utf8');
      } catch {
        // missing: as stale as a wrong copy
      }
      if (committed !== content) stale.push(file);
      continue;
    }
    mkdirSync(path.dirname(absolute(file)), { recursive: true });
    writeFileSync(absolute(file), content);
    console.log(`wrote ${file}`);
  }
  if (stale.length > 0) {
    console.error(
      `${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} not what the code generates: run npm run openapi (and commit)`,
    );
    process.exit(1);
  }
}

main(process.argv.includes('--check')).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
