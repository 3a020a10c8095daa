import type { Preview } from '@storybook/react-vite'
import { setupWorker } from 'msw/browser'
import { mswLoader } from 'msw-storybook-addon/csf3'
import '../src/components/styles.css'

const preview: Preview = {
  // Starts MSW's worker once; stories add handlers in `beforeEach({ msw })` (the emulator's own requests pass through).
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker()
      await worker.start({ onUnhandledRequest: 'bypass', quiet: true })
      return worker
    }),
  ],
  parameters: {
    layout: 'padded',
    a11y: { test: 'error' },
  },
}
export default preview
