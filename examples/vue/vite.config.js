import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The backend (server.js). The browser talks only to Vite's origin; Vite forwards these paths to the backend, so the
// widget's requests, its status stream and the sandbox need no CORS.
const backend = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [
    // <coinspaid-terminal> is a custom element, not a Vue component: Vue's compiler must leave it alone.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('coinspaid-') } } }),
  ],
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    strictPort: true,
    proxy: { '/coinspaid': backend, '/sandbox': backend, '/api': backend },
  },
});
