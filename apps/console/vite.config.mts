import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the gateway under /console from dist/apps/console (apps/gateway/src/console).
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  resolve: { alias: { '@billy/client': fileURLToPath(new URL('../../libs/sdk/src/index.ts', import.meta.url)) } },
  build: { outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)), emptyOutDir: true },
});
