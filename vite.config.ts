/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromiumLaunchOptions } from './test/setup/chromium.js'
import { playwright } from '@vitest/browser-playwright'
import { tursoEmulatorPlugin } from './src/testing/vitePlugin.js'

/** One entry per layer; each becomes a subpath export (see package.json "exports"). */
const entries = {
  index: 'src/index.ts',
  security: 'src/security/index.ts',
  dexie: 'src/local/index.ts',
  remote: 'src/remote/index.ts',
  zustand: 'src/zustand/index.ts',
  react: 'src/react/index.ts',
  components: 'src/components/index.ts',
  devtools: 'src/devtools/index.ts',
  testing: 'src/testing/index.ts',
  server: 'src/server/index.ts',
  vite: 'src/testing/vitePlugin.ts',
}

const external = (id: string): boolean =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  /^(react|react-dom|zustand|dexie|dexie-react-hooks|immer|msw|libsql|playwright-core|vite)(\/|$)/.test(id) ||
  id.startsWith('@libsql/')

/** Tests import the public subpaths, resolved to the sources. */
const subpaths: Record<string, string> = {
  '@howlerops/sync/security': 'src/security/index.ts',
  '@howlerops/sync/dexie': 'src/local/index.ts',
  '@howlerops/sync/remote': 'src/remote/index.ts',
  '@howlerops/sync/zustand': 'src/zustand/index.ts',
  '@howlerops/sync/react': 'src/react/index.ts',
  '@howlerops/sync/components': 'src/components/index.ts',
  '@howlerops/sync/devtools': 'src/devtools/index.ts',
  '@howlerops/sync/testing': 'src/testing/index.ts',
  '@howlerops/sync/server': 'src/server/index.ts',
  '@howlerops/sync/vite': 'src/testing/vitePlugin.ts',
}
const alias = [
  // Before '@howlerops/sync/components', whose prefix match would otherwise turn this into …/index.ts/styles.css.
  { find: /^@howlerops\/sync\/components\/styles\.css$/, replacement: fileURLToPath(new URL('src/components/styles.css', import.meta.url)) },
  ...Object.entries(subpaths).map(([find, path]) => ({ find, replacement: fileURLToPath(new URL(path, import.meta.url)) })),
  { find: /^@howlerops\/sync$/, replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)) },
]

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
    alias,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // Real IndexedDB work (fake-indexeddb) and a real libSQL server on a shared 2-core machine: be patient.
          testTimeout: 30_000,
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
      {
        // Stories in Chromium: real IndexedDB, and the Turso emulator served by this dev server at /__turso/.
        extends: true,
        plugins: [tursoEmulatorPlugin()],
        publicDir: '.storybook/public',
        // Pre-bundled up front: found mid-run (the README's app is the first to import the React hook), zustand was
        // optimized with its own copy of React and the page reloaded under the test.
        optimizeDeps: { include: ['zustand'] },
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.{ts,tsx}'],
          setupFiles: ['.storybook/vitest.setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: chromiumLaunchOptions,
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
})
