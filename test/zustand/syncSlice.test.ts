import { afterAll, describe, expect, it } from 'vitest'
import { create } from 'zustand'
import { createSyncSlice, type SyncSlice } from '@howlerops/sync/zustand'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

describe('createSyncSlice', () => {
  it('mirrors the engine status in a zustand store and exposes syncNow', async () => {
    const user = await createUserDatabase(emulator)
    const { db, engine } = createDevice(user, 'A')
    const useStore = create<{ count: number } & SyncSlice>()((...a) => ({ count: 0, ...createSyncSlice<{ count: number } & SyncSlice>(engine)(...a) }))
    expect(useStore.getState().sync.phase).toBe('idle')
    expect(useStore.getState().sync.lastSyncedAt).toBeNull()
    await db.saved_queries.put(savedQuery('q') as never)
    const phases: string[] = []
    useStore.subscribe((s) => phases.push(s.sync.phase))
    await useStore.getState().sync.syncNow()
    expect(phases).toContain('pushing')
    expect(useStore.getState().sync).toMatchObject({ phase: 'idle', pendingCount: 0 })
    expect(useStore.getState().sync.lastSyncedAt).not.toBeNull()
    expect(useStore.getState().count).toBe(0)
  })
})
