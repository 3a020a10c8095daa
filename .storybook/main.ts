import type { StorybookConfig } from '@storybook/react-vite'
import { mergeConfig } from 'vite'
import { tursoEmulatorPlugin } from '../src/testing/vitePlugin.js'

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['msw-storybook-addon'],
  // Storybook's own Vite config (aliases only): the package's vite.config.ts is a library build.
  framework: { name: '@storybook/react-vite', options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } } },
  // The MSW worker lives here rather than in public/, which the library build would copy into dist/.
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  // Live stories sync real engines in the browser through the emulator, served by the dev server at /__turso/.
  viteFinal: (vite) => mergeConfig(vite, { plugins: [tursoEmulatorPlugin()] }),
}
export default config
