import { defineConfig } from 'vite';

// Static files any web server can host (`base: './'`: from any path).
export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2048 },
  server: { port: 5173, strictPort: true },
});
