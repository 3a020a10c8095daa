/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import { builtinModules } from 'node:module'

/** One entry per layer; each becomes a subpath export (see package.json "exports"). */
const entries = {
  core: 'src/core/index.ts',
  security: 'src/security/index.ts',
  dexie: 'src/local/index.ts',
  remote: 'src/remote/index.ts',
  zustand: 'src/zustand/index.ts',
  react: 'src/react/index.ts',
  components: 'src/components/index.ts',
  testing: 'src/testing/index.ts',
  server: 'src/server/index.ts',
}

const external = (id: string): boolean =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  /^(react|react-dom|zustand|dexie|dexie-react-hooks|immer|msw|@libsql\/|libsql)(\/|$)/.test(id)

export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: { entry: entries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rollupOptions: { external },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.dom.test.{ts,tsx}', 'test/**/*.browser.test.{ts,tsx}'],
          setupFiles: ['test/setup/node.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/**/*.dom.test.{ts,tsx}'],
          setupFiles: ['test/setup/node.ts'],
        },
      },
    ],
  },
})
