/**
 * Lets `node` run the TypeScript worker entry of the multi-process tests without a build:
 * compiles each `.ts` file on require with @swc/core (the transform jest uses, decorators and
 * their metadata included) and resolves the `@app/*` aliases of tsconfig.json. Test support
 * only: production runs the tsc build (`npm run build`).
 *
 *   node -r ./test/support/worker-process-register.js test/support/worker-process-entry.ts
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const ALIAS = /^@app\/(domain|event-store|projections|escalation|platform|runtime)(\/.*)?$/;

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, parent, ...rest) {
  const alias = ALIAS.exec(request);
  const target = alias ? path.join(root, 'libs', alias[1], 'src', alias[2] || '') : request;
  return resolve.call(this, target, parent, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
