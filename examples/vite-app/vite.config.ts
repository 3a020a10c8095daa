import { defineConfig } from 'vite'

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173 },
  // With "@howlerops/sync": "file:../.." the package is a symlink into the repository; one copy of each peer.
  resolve: { dedupe: ['react', 'react-dom', 'dexie', 'zustand', '@libsql/client'] },
})
