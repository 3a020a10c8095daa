import type { ChannelLike } from '@howlerops/sync'

/** An in-memory BroadcastChannel for the tabs of one test: every channel of a name hears the others, not itself. */
export const channelHub = (): ((name: string) => ChannelLike) => {
  const members = new Map<string, Set<(event: { data: unknown }) => void>>()
  return (name) => {
    const own = new Set<(event: { data: unknown }) => void>()
    const all = members.get(name) ?? new Set()
    members.set(name, all)
    return {
      postMessage: (data) => {
        for (const l of all) if (!own.has(l)) queueMicrotask(() => l({ data }))
      },
      addEventListener: (_t, l) => {
        own.add(l)
        all.add(l)
      },
      removeEventListener: (_t, l) => {
        own.delete(l)
        all.delete(l)
      },
      close: () => {
        for (const l of own) all.delete(l)
      },
    }
  }
}
