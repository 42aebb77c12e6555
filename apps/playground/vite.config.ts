import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  resolve: { conditions: ['@nabla/source'] },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000,
    // three pages: the network playground, the convolution page and the recurrent page
    rollupOptions: { input: { main: 'index.html', conv: 'conv.html', rnn: 'rnn.html' } },
  },
  worker: { format: 'es' },
});
