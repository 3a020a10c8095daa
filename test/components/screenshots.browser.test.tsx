import { composeStories } from '@storybook/react-vite'
import { page } from 'vitest/browser'
import { afterEach, describe, it } from 'vitest'
import * as indicator from '../../stories/SyncStatusIndicator.stories'
import * as dialog from '../../stories/ConflictDialog.stories'
import * as devices from '../../stories/DeviceList.stories'
import * as progress from '../../stories/InitialSyncProgress.stories'
import * as devtools from '../../stories/SyncDevtools.stories'
import { applyTheme, clearTheme, THEMES } from './themes'

// `npm run screenshots` sets VITE_SCREENSHOTS=1: one PNG per component state and theme in docs/screenshots/.
// Skipped in `npm test`.
const enabled = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env?.['VITE_SCREENSHOTS'] === '1'
const files = { SyncStatusIndicator: indicator, ConflictDialog: dialog, DeviceList: devices, InitialSyncProgress: progress, SyncDevtools: devtools }

afterEach(() => {
  document.body.innerHTML = ''
  clearTheme()
})

describe.runIf(enabled)('screenshots', () => {
  for (const theme of THEMES) {
    for (const [component, module] of Object.entries(files)) {
      for (const [name, Story] of Object.entries(composeStories(module as never) as Record<string, { run: () => Promise<void> }>)) {
        it(`${component}-${name}-${theme}`, async () => {
          const fullPage = component === 'ConflictDialog' || component === 'SyncDevtools'
          await page.viewport(fullPage ? 900 : 640, fullPage ? 720 : component === 'DeviceList' ? 480 : 120)
          applyTheme(theme)
          await Story.run()
          // Freeze animations (the syncing pulse, the indeterminate bar) so the PNGs only change when the UI does.
          document.head.insertAdjacentHTML('beforeend', '<style>*{animation:none!important;transition:none!important}</style>')
          await new Promise((r) => setTimeout(r, 50))
          await page.screenshot({ path: `../../docs/screenshots/${component}-${name}-${theme}.png` })
        })
      }
    }
  }
})
