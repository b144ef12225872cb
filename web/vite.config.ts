// The web app served by `heng serve`: built into dist/web at the repository
// root (npm run build:web; `prepare` runs it during npm ci).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  // The platform's pure modules (API contract, scorecard), as in web/tsconfig.json `paths`.
  resolve: { alias: { '@heng': path.resolve(here, '../src') } },
  build: {
    outDir: process.env.HENG_WEB_OUT ?? path.resolve(here, '../dist/web'),
    emptyOutDir: true,
    // ECharts is loaded lazily with the pages that draw charts.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev:web` beside `heng serve --port 8080`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
