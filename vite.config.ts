// The web app's production build (DESIGN.md, Web): src/web is the Vite root, the output goes to dist/web, which the
// server serves at `/` (src/server/plugins/web-app.ts). Pages are split by route (React Router `lazy`), so the main
// chunk holds only the shell; React and Mantine sit in chunks of their own that change less often than our code.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          // Only the libraries every page needs get chunks of their own; the rest (charts above all) stays with the
          // pages that import them, so the first page does not download them.
          if (/node_modules\/@mantine\/charts/.test(id)) return undefined;
          if (/node_modules\/(@mantine|@floating-ui)/.test(id)) return 'mantine';
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/fhir': 'http://127.0.0.1:3000' } },
});
