import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by `npm run build` into dist/console, which OPT serves at /console (src/server/console-routes.ts).
// Everything ships in the build: no CDN at run time.
const webRoot = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: webRoot,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: new URL('../dist/console', import.meta.url).pathname,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npm run dev:console` for UI work: the APIs of an OPT running on :8080.
    proxy: { '/admin': 'http://127.0.0.1:8080', '/v1': 'http://127.0.0.1:8080' },
  },
});
