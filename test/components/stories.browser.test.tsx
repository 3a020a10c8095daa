import axe from 'axe-core'
import { composeStories } from '@storybook/react-vite'
import { afterEach, describe, expect, it } from 'vitest'
import * as indicator from '../../stories/SyncStatusIndicator.stories'
import * as dialog from '../../stories/ConflictDialog.stories'
import * as devices from '../../stories/DeviceList.stories'
import * as progress from '../../stories/InitialSyncProgress.stories'
import * as live from '../../stories/Live.stories'
import * as devtools from '../../stories/SyncDevtools.stories'
import { applyTheme, clearTheme, THEMES } from './themes'

const files = { indicator, dialog, devices, progress, live, devtools }

/**
 * axe-core on the rendered story, colour contrast explicitly on (WCAG AA): serious and critical violations fail.
 * The dialog sits in the top layer; axe reads its computed colours like any other element's.
 */
const seriousViolations = async (): Promise<string[]> => {
  const result = await axe.run(document.body, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: true } } })
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(', ')}`)
}

afterEach(() => {
  document.body.innerHTML = ''
  clearTheme()
})

it('the contrast check bites: dark text on the dark theme fails', async () => {
  applyTheme('dark')
  document.body.insertAdjacentHTML('beforeend', '<p style="color:#1f2328">unreadable</p>')
  expect((await seriousViolations()).join()).toMatch(/^color-contrast/)
})

for (const theme of THEMES) {
  for (const [file, module] of Object.entries(files)) {
    describe(`${file} (${theme})`, () => {
      for (const [name, Story] of Object.entries(composeStories(module as never) as Record<string, { run: () => Promise<void> }>)) {
        it(`${name} renders, plays and has no serious a11y violations`, async () => {
          applyTheme(theme)
          await Story.run()
          expect(await seriousViolations()).toEqual([])
        }, 20_000)
      }
    })
  }
}
