// Server-side search in sealed mode (R11): FTS cannot index ciphertext, so a sealing app's database has no FTS
// tables or triggers (applySchema / provisioning / the emulator's dev schema), and pays no trigger writes per push.
import { afterAll, describe, expect, it } from 'vitest'
import { createClient } from '@libsql/client'
import { applySchema } from '@howlerops/sync/server'
import { createTursoEmulator } from '@howlerops/sync/testing'
import { createContentKey } from '@howlerops/sync'
import schemaSql from '../../schema.sql?raw'
import { createDevice, savedQuery, startEmulator, type Emulator, type UserDatabase } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

let n = 0
const userDatabase = async (em: Emulator, serverSearch: boolean): Promise<UserDatabase> => {
  const name = `search-${serverSearch}-${++n}`
  const db = em.createDatabase(name)
  const client = createClient({ url: db.url, authToken: db.authToken, fetch: (r: Request) => globalThis.fetch(r) } as never)
  await applySchema(client, { serverSearch })
  client.close()
  return { ...db, name, contentKey: createContentKey() }
}

const ftsObjects = async (em: Emulator, name: string): Promise<string[]> =>
  (await em.query(name, "SELECT name FROM sqlite_schema WHERE name LIKE '%_fts%' ORDER BY name")).map((r) => String(r['name']))

/** Rows the server writes per pushed record: 50 new history rows and 50 saved queries in one push. */
const rowsWrittenPerRecord = async (user: UserDatabase, sealing: boolean): Promise<number> => {
  const a = createDevice(user, 'A', sealing ? {} : { sealing: false })
  await a.engine.syncNow()
  await a.db.query_history.bulkPut(Array.from({ length: 50 }, (_, i) => ({ id: `h${i}`, query_text: `select ${i} from orders`, executed_at: i, status: 'success' })) as never)
  await a.db.saved_queries.bulkPut(Array.from({ length: 50 }, (_, i) => savedQuery(`q${i}`)) as never)
  emulator.resetStats(user.name)
  const summary = await a.engine.syncNow()
  expect(summary.pushed).toBe(100)
  return emulator.stats(user.name).rowsWritten / 100
}

describe('server-side search in sealed mode', () => {
  it('applySchema({ serverSearch: false }) creates no FTS table or trigger, and is idempotent', async () => {
    const searchable = await userDatabase(emulator, true)
    expect(await ftsObjects(emulator, searchable.name)).toContain('saved_queries_fts_insert')
    const sealed = await userDatabase(emulator, false)
    expect(await ftsObjects(emulator, sealed.name)).toEqual([])
    const client = createClient({ url: sealed.url, authToken: sealed.authToken, fetch: (r: Request) => globalThis.fetch(r) } as never)
    expect(await applySchema(client, { serverSearch: false })).toEqual({ applied: [], current: 1 })
    client.close()
  })

  it('the emulator serves a sealing app its development schema without FTS', async () => {
    const dev = createTursoEmulator({ schema: schemaSql, serverSearch: false })
    dev.createDatabase('dev')
    expect(await ftsObjects(dev, 'dev')).toEqual([])
    expect(await dev.query('dev', "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'saved_queries'")).toEqual([{ n: 1 }])
    await dev.close()
  })

  it('rows written per pushed record fall without the FTS triggers (sealed vs unsealed with server search)', async () => {
    const unsealed = await rowsWrittenPerRecord(await userDatabase(emulator, true), false)
    const sealed = await rowsWrittenPerRecord(await userDatabase(emulator, false), true)
    console.info(`[sealing] rows written per pushed record (50 history + 50 saved queries, creates): unsealed with FTS ${unsealed.toFixed(2)}, sealed without FTS ${sealed.toFixed(2)}`)
    expect(sealed).toBeLessThan(unsealed - 1)
  })
})
