import axe from 'axe-core'
import { composeStories } from '@storybook/react-vite'
import { afterEach, describe, expect, it } from 'vitest'
import * as indicator from '../../stories/SyncStatusIndicator.stories'
import * as dialog from '../../stories/ConflictDialog.stories'
import * as devices from '../../stories/DeviceList.stories'
import * as progress from '../../stories/InitialSyncProgress.stories'
import * as live from '../../stories/Live.stories'

const files = { indicator, dialog, devices, progress, live }

/** axe-core on the rendered story: serious and critical violations fail the test. */
const seriousViolations = async (): Promise<string[]> => {
  const result = await axe.run(document.body, { resultTypes: ['violations'] })
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

afterEach(() => {
  document.body.innerHTML = ''
})

for (const [file, module] of Object.entries(files)) {
  describe(file, () => {
    for (const [name, Story] of Object.entries(composeStories(module as never) as Record<string, { run: () => Promise<void> }>)) {
      it(`${name} renders, plays and has no serious a11y violations`, async () => {
        await Story.run()
        expect(await seriousViolations()).toEqual([])
      }, 20_000)
    }
  })
}
