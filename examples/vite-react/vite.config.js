import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The backend (server.js). The browser talks only to Vite's origin; Vite forwards these paths to the backend, so the
// widget's requests, its status stream and the sandbox need no CORS.
const backend = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    strictPort: true,
    proxy: { '/coinspaid': backend, '/sandbox': backend, '/api': backend },
  },
});
