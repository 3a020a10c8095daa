import type { ReactElement } from 'react'
import { cleanup, configure, render, type RenderResult } from '@testing-library/react'
import { afterEach } from 'vitest'
import { SyncProvider } from '@howlerops/sync/react'
import type { FakeEngine } from '../react/fakeEngine'

// StrictMode at the root: React double-invokes effects only for a root-level <StrictMode>.
configure({ reactStrictMode: true })
afterEach(cleanup)

export const renderWith = (engine: FakeEngine, ui: ReactElement): RenderResult =>
  render(
    <SyncProvider engine={engine} autoStart={false}>
      {ui}
    </SyncProvider>,
  )

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
export const minutesAgo = (n: number): number => NOW - n * 60_000
