import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

/**
 * Storybook's own Vite config: the package's vite.config.ts is a library build, which Storybook must not inherit.
 * Stories import the public subpaths, resolved to the sources. main.ts adds the Turso emulator (viteFinal).
 */
const src = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@howlerops\/sync\/dexie$/, replacement: src('local/index.ts') },
      { find: /^@howlerops\/sync\/(react|components|devtools|security|testing|server|zustand|remote)$/, replacement: src('$1/index.ts') },
      { find: /^@howlerops\/sync$/, replacement: src('index.ts') },
    ],
  },
})
