import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into apps/web/dist, which the api serves; `npm start` builds it, dev uses the proxy.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
