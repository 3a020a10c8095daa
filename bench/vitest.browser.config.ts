import { defineConfig } from 'vitest/config'
import { playwright } from '@vitest/browser-playwright'
import { tursoEmulatorPlugin } from '../src/testing/vitePlugin'
import { chromiumLaunchOptions } from '../test/setup/chromium'

/**
 * The Chromium part of `npm run bench` (bench/run.ts starts it): real IndexedDB, the Turso emulator served by the
 * Vite dev server at /__turso/. Kept out of `npm test`: only this config includes `*.bench-browser.test.ts`.
 */
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  plugins: [tursoEmulatorPlugin()],
  // RxDB pins Dexie 4.4.2 and Dexie refuses two copies in one page: both sides run on the package's Dexie (4.4.7).
  resolve: { dedupe: ['dexie'] },
  // Pre-bundled up front: discovering them mid-run would reload the page under the test.
  optimizeDeps: { include: ['dexie', 'rxdb', 'rxdb/plugins/storage-dexie', 'rxdb/plugins/replication', '@libsql/client/web'] },
  test: {
    name: 'bench-browser',
    include: ['bench/browser/**/*.bench-browser.test.ts'],
    testTimeout: 240_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: chromiumLaunchOptions,
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
