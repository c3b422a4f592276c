import { defineConfig } from 'vite';

/**
 * The web console: a Preact SPA, every dependency bundled (the data centre has no internet),
 * served by the API process from apps/web/dist (apps/api/src/web). `npm run build:web` builds
 * it; `npx vite --config apps/web/vite.config.ts` serves it with the API proxied to :3000.
 */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  // JSX through Vite's own transform (Oxc in Vite 8), no plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
