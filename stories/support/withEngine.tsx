import type { Decorator } from '@storybook/react-vite'
import { useMemo } from 'react'
import { SyncProvider } from '@howlerops/sync/react'
import { createStaticEngine, type StaticEngineState } from './staticEngine'

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** The state of the static engine the story renders with. */
    engine?: StaticEngineState
  }
}

/** Wraps the story in a provider of a static engine in `parameters.engine`, fresh for each story. */
export const withStaticEngine: Decorator = (Story, context) => {
  const state = context.parameters.engine
  const engine = useMemo(() => createStaticEngine(state), [state])
  return (
    <SyncProvider engine={engine} autoStart={false}>
      <Story />
    </SyncProvider>
  )
}
