import { NormalizedProblem, formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';
import { OPENAPI_JSON, absolute } from './openapi-paths';

/** Redocly's recommended rules (redocly.yaml) over a document file; the problems found. */
export async function lintOpenApi(file = absolute(OPENAPI_JSON)): Promise<NormalizedProblem[]> {
  const config = await loadConfig({ configPath: absolute('redocly.yaml') });
  return lint({ ref: file, config });
}

/** `npm run lint:openapi`: prints the problems like `redocly lint`; exits 1 on any error. */
async function main(): Promise<void> {
  const problems = await lintOpenApi();
  const totals = getTotals(problems);
  formatProblems(problems, { format: 'stylish', totals, version: 'openapi-core' });
  console.log(`${OPENAPI_JSON}: ${totals.errors} errors, ${totals.warnings} warnings`);
  if (totals.errors > 0) process.exit(1);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
