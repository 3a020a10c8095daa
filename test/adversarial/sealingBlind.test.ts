import { afterAll, describe, expect, it } from 'vitest'
import { isSealedEnvelope, localColumns, SealingError, tables, type SyncedTableName } from '@howlerops/sync'
import { createRowOpener } from '@howlerops/sync/testing'
import { createDevice, createUserDatabase, startEmulator } from '../engine/harness'
import { CONTENT_TABLES, contentRecord, markersOf, userColumns } from './values'

const { emulator, close } = startEmulator()
afterAll(close)

/** createRowOpener takes the row with its JSON columns parsed (as the e2e test does). */
const parseJsonColumns = (table: SyncedTableName, row: Record<string, unknown>): Record<string, unknown> => {
  const json = new Set(localColumns(table).filter((c) => c.kind === 'json').map((c) => c.name))
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, json.has(k) && typeof v === 'string' ? JSON.parse(v) : v]))
}

const keyOf = (table: SyncedTableName, row: Record<string, unknown>): unknown => {
  const key = tables[table].key as readonly string[]
  return key.length === 1 ? row[key[0]!] : key.map((k) => row[k])
}

describe('adversarial: the cloud is a blind store (R11) for every table and user column', () => {
  it('no generated value reaches a request body or server row in plaintext, and a second device reads exactly', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'blind-a')
    emulator.clearRequestLog()
    const written: Array<{ table: SyncedTableName; id: string; record: Record<string, unknown> }> = []
    let n = 0
    for (const table of CONTENT_TABLES) {
      for (let i = 0; i < 5; i++) {
        const id = `${table}-${i}`
        const record = contentRecord(table, id, n++)
        await a.db.table(table).put(record)
        written.push({ table, id, record })
      }
    }
    await a.engine.syncNow()
    expect(await a.db.sync.quarantined()).toEqual([])
    const wire = emulator.requestLog.map((r) => r.body).join('\n')
    const rows: string[] = []
    for (const table of CONTENT_TABLES) rows.push(JSON.stringify(await emulator.query(user.name, `SELECT * FROM ${table}`)))
    const server = rows.join('\n')
    const needles = written.flatMap((w) => markersOf(w.record))
    expect(needles.length).toBeGreaterThan(80)
    if (process.env['ADV_DEBUG']) for (const nd of needles.filter((x) => wire.includes(x)).slice(0, 4)) console.log(nd, wire.slice(Math.max(0, wire.indexOf(nd) - 300), wire.indexOf(nd) + 100))
    expect(needles.filter((needle) => wire.includes(needle))).toEqual([])
    expect(needles.filter((needle) => server.includes(needle))).toEqual([])
    // Every non-empty text value of a content column on the server is an envelope.
    const serverRows = await emulator.query(user.name, 'SELECT name, description, query_text, folder FROM saved_queries')
    for (const row of serverRows) for (const value of Object.values(row)) if (typeof value === 'string' && value !== '') expect(isSealedEnvelope(value.replace(/^"|"$/g, ''))).toBe(true)

    const open = await createRowOpener({ key: user.contentKey })
    const b = createDevice(user, 'blind-b')
    await b.engine.syncNow()
    expect(b.engine.getStatus().unopenableCount ?? 0).toBe(0)
    const diffs: string[] = []
    for (const { table, record } of written) {
      const key = keyOf(table, record) as string
      const onA = userColumns(await a.db.table(table).get(key))
      const onB = userColumns(await b.db.table(table).get(key))
      if (table === 'device_registry' && onB === undefined) continue // a device row is the device's own business
      if (table === 'sync_conflicts_archive') {
        // Push-only: no device pulls it, so the user's key must open the server row to exactly what was written.
        const [serverRow] = await emulator.query(user.name, 'SELECT * FROM sync_conflicts_archive WHERE id = ?', [key])
        const opened = userColumns(await open(table, parseJsonColumns(table, serverRow!)))
        for (const column of Object.keys(onA ?? {})) if (JSON.stringify(opened?.[column]) !== JSON.stringify(onA?.[column])) { diffs.push(`${table}/${key}.${column} opens differently`); if (process.env['ADV_DEBUG']) console.log('ARCH', column, JSON.stringify(opened?.[column]).slice(0, 200), '|', JSON.stringify(onA?.[column]).slice(0, 200)) }
        continue
      }
      if (JSON.stringify(onA) !== JSON.stringify(onB)) { diffs.push(`${table}/${key}`); if (process.env['ADV_DEBUG']) console.log(JSON.stringify(onA).slice(0, 600), '\n', JSON.stringify(onB).slice(0, 600)) }
      for (const [column, value] of Object.entries(record)) {
        if (onA !== undefined && column in onA && JSON.stringify(onA[column]) !== JSON.stringify(value)) diffs.push(`${table}/${key}.${column} altered on A`)
      }
    }
    expect(diffs).toEqual([])
  }, 120_000)
})

describe('adversarial: createRowOpener (testing tool)', () => {
  // FINDINGS.md F4 (fixed): a raw server row (JSON columns as TEXT, as emulator.query returns them) came back with its
  // JSON envelopes unopened and no error, so a test "reading the server as a device would" compared ciphertext.
  it('opens a server row as the emulator returns it, or throws; it never hands back an envelope as content', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'opener')
    await a.db.table('saved_queries').put({ id: 'o1', name: 'n', description: null, query_text: 'q', connection_id: null, folder: null, tags: ['t1'], is_favorite: 0 })
    await a.engine.syncNow()
    const [row] = await emulator.query(user.name, "SELECT * FROM saved_queries WHERE id = 'o1'")
    const open = await createRowOpener({ key: user.contentKey })
    const opened = await open('saved_queries', row!)
    expect(opened).toMatchObject({ name: 'n', query_text: 'q', tags: ['t1'] })
    // The device form opens too, and a JSON envelope that was changed on the server throws instead of coming back.
    expect(await open('saved_queries', opened)).toEqual(opened)
    const tags = JSON.parse(String(row!['tags'])) as string
    const tampered = JSON.stringify(tags.slice(0, -3) + (tags.at(-3) === 'A' ? 'B' : 'A') + tags.slice(-2))
    expect(await open('saved_queries', { ...row!, tags: tampered }).catch((e: unknown) => e)).toBeInstanceOf(SealingError)
  }, 30_000)
})
