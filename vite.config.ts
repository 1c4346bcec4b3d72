/**
 * Vite build of the browser viewer (viewer/): a runs list (index.html) and the 3D replay (view.html).
 * `npx vite build` writes dist/viewer/; base './' so the pages work under any mount path.
 * `npx vite` serves viewer/ for development; set CTWIN_API=http://127.0.0.1:PORT to proxy /api to a
 * running `ctwin serve`, or open view.html?synthetic=2000 (no server needed).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const api = process.env.CTWIN_API;

export default defineConfig({
  root: here('./viewer'),
  base: './',
  publicDir: false,
  build: {
    outDir: here('./dist/viewer'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500, // the trainer page carries Phaser (≈1.2 MB), loaded when a session starts
    rolldownOptions: {
      // no [PLUGIN_TIMINGS] warnings: on a busy machine every build (npm start, the test setup) printed them
      checks: { bundlerTimings: false },
      input: {
        index: here('./viewer/index.html'),
        view: here('./viewer/view.html'),
        train: here('./viewer/train.html'),
      },
    },
  },
  server: {
    // the viewer imports the shared tracks format from serve/ (types and constants)
    fs: { allow: [here('./')] },
    ...(api ? { proxy: { '/api': { target: api, changeOrigin: false } } } : {}),
  },
});
