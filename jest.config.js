// Tiers follow the file suffix: *.unit.spec.ts (pure, fast), *.int.spec.ts (real PostgreSQL,
// Redis, SMTP), *.e2e.spec.ts (the apps over HTTP). One config maps the @app/* aliases for all.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
// PGlite's CommonJS build loads Node built-ins with import(), which Jest's VM refuses without
// --experimental-vm-modules; compiling it through swc turns those into require().
const swcPglite = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs', ignoreDynamic: false } },
];
// Packages published as ES modules only (OpenID Connect client, the test provider, otplib's crypto): Node
// loads them with require() (>= 20.19), Jest's module system does not, so swc turns them into
// CommonJS for the tests.
const ESM_ONLY = [
  'openid-client',
  'oauth4webapi',
  'jose',
  'oidc-provider',
  'koa',
  '@koa/[a-z-]+',
  'quick-lru',
  'eta',
  'nanoid',
  'jsesc',
  'oidc-token-hash',
  '@scure/base',
  '@noble/hashes',
  // nested under @otplib/plugin-crypto-noble: the outer folder must be let through too
  '@otplib/plugin-crypto-noble',
];
const ESM_PACKAGES_JS = `^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.m?js$`;
const moduleNameMapper = {
  '^@app/(domain|event-store|projections|escalation|platform|runtime)$': '<rootDir>/libs/$1/src',
  '^@app/(domain|event-store|projections|escalation|platform|runtime)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform: { '^.+\\.ts$': swc, '^.+/@electric-sql/pglite/dist/.+\\.cjs$': swcPglite, [ESM_PACKAGES_JS]: swcPglite },
  transformIgnorePatterns: [`/node_modules/(?!(@electric-sql/pglite|${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  ...extra,
});
module.exports = {
  // Jest reads testTimeout from the root config only; the machine is small and shared, so be generous.
  testTimeout: 90000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.unit.spec.ts']),
    project('int', ['<rootDir>/{apps,libs}/**/*.int.spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e.spec.ts']),
  ],
};
