import { composeStories } from '@storybook/react-vite'
import { page } from 'vitest/browser'
import { afterEach, describe, it } from 'vitest'
import * as indicator from '../../stories/SyncStatusIndicator.stories'
import * as dialog from '../../stories/ConflictDialog.stories'
import * as devices from '../../stories/DeviceList.stories'
import * as progress from '../../stories/InitialSyncProgress.stories'

// `npm run screenshots` sets VITE_SCREENSHOTS=1: one PNG per component state in docs/screenshots/. Skipped in `npm test`.
const enabled = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env?.['VITE_SCREENSHOTS'] === '1'
const files = { SyncStatusIndicator: indicator, ConflictDialog: dialog, DeviceList: devices, InitialSyncProgress: progress }

afterEach(() => {
  document.body.innerHTML = ''
})

describe.runIf(enabled)('screenshots', () => {
  for (const [component, module] of Object.entries(files)) {
    for (const [name, Story] of Object.entries(composeStories(module as never) as Record<string, { run: () => Promise<void> }>)) {
      it(`${component}-${name}`, async () => {
        const fullPage = component === 'ConflictDialog'
        await page.viewport(fullPage ? 900 : 640, fullPage ? 640 : component === 'DeviceList' ? 560 : 240)
        await Story.run()
        // Freeze animations (the syncing pulse, the indeterminate bar) so the PNGs only change when the UI does.
        document.head.insertAdjacentHTML('beforeend', '<style>*{animation:none!important;transition:none!important}</style>')
        await new Promise((r) => setTimeout(r, 50))
        const target = document.querySelector<HTMLElement>('.hs-status, .hs-devices, .hs-initial')
        await page.screenshot({
          path: `../../docs/screenshots/${component}-${name}.png`,
          ...(fullPage || target === null ? {} : { element: target.parentElement ?? target }),
        })
      })
    }
  }
})
