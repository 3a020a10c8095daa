import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { localColumns, preferenceId, SYNC_COLUMN_NAMES, tables, type SyncedTableName } from '@howlerops/sync'
import { SECRET_FORMATS, type GeneratedSecret } from '../security/fixtures/secrets'
import { createDevice, createUserDatabase, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

/** Columns whose values a CHECK constrains: they keep valid values so the records really sync. */
const VALID: Record<string, unknown> = {
  type: 'postgres',
  role: 'user',
  status: 'error',
  privacy_mode: 'normal',
  content_encoding: 'identity',
  device_type: 'desktop',
  strategy: 'keep-both',
  resolution: 'both',
  resolved_by: 'user',
  entity_type: 'saved_queries',
  port: 5432,
  is_favorite: 0,
  is_active: 1,
}

const LEAK_TABLES: readonly SyncedTableName[] = [
  'user_preferences',
  'connection_templates',
  'query_history',
  'saved_queries',
  'ai_memory_sessions',
  'ai_memory_messages',
  'device_registry',
  'sync_conflicts_archive',
]

/** A valid record of `table` with `secret` in every free text column and in JSON parameters. */
const leakyRecord = (table: SyncedTableName, id: string, secret: GeneratedSecret): Record<string, unknown> => {
  const row: Record<string, unknown> = {}
  for (const column of localColumns(table)) {
    if (SYNC_COLUMN_NAMES.has(column.name)) continue
    if ((tables[table].key as readonly string[]).includes(column.name)) row[column.name] = id
    else if (column.name in VALID) row[column.name] = VALID[column.name]
    else if (column.name === 'device_id') row[column.name] = column.nullable ? null : 'device-1' // device-specific preferences never leave anyway
    else if (column.kind === 'json') row[column.name] = { password: secret.text, note: `see ${secret.text}`, nested: { apiKey: secret.text } }
    else if (column.kind === 'text') row[column.name] = `before ${secret.text} after`
    else row[column.name] = 1
  }
  // A preference's id derives from its key (R7).
  if (table === 'user_preferences') row['id'] = preferenceId(String(row['key']))
  return row
}

describe('leak test: generated secrets through the whole sync path (I10)', () => {
  it('no generated secret reaches the server database or any request body', async () => {
    const user = await createUserDatabase(emulator)
    const device = createDevice(user, 'leaky')
    emulator.clearRequestLog()
    const bodies: string[] = []
    const secrets = fc.sample(fc.oneof(...SECRET_FORMATS.map(([, arb]) => arb)), { numRuns: Number(process.env['LEAK_RUNS'] ?? 240), seed: 42 })
    const formats = new Set(secrets.map((s) => s.format))
    expect(formats.size).toBeGreaterThanOrEqual(12)
    let n = 0
    for (let batch = 0; batch < secrets.length; batch += 40) {
      for (const secret of secrets.slice(batch, batch + 40)) {
        for (const table of LEAK_TABLES) await device.db.table(table).put(leakyRecord(table, `${table}-${n++}`, secret))
      }
      const t0 = performance.now()
      const summary = await device.engine.syncNow()
      if (process.env['LEAK_DEBUG']) console.log(summary, performance.now() - t0, (await device.db.sync.quarantined()).slice(0, 5).map((q) => [q.table, q.code, q.message.slice(0, 150)]))
      bodies.push(...emulator.requestLog.map((r) => r.body))
      emulator.clearRequestLog()
    }
    const server: string[] = []
    for (const table of LEAK_TABLES) server.push(JSON.stringify(await emulator.query(user.name, `SELECT * FROM ${table}`)))
    const serverText = server.join('\n')
    const wire = bodies.join('\n')
    const leaked = secrets.filter((s) => s.needles.some((needle) => serverText.includes(needle) || wire.includes(needle)))
    console.info(`[leak] ${secrets.length} secrets in ${formats.size} formats × ${LEAK_TABLES.length} tables; ${n} records; leaked: ${leaked.length}`)
    expect(leaked.map((s) => s.format)).toEqual([])
    // Most records synced (sanitized); the rest were quarantined, never sent.
    const synced = Number((await emulator.query(user.name, 'SELECT count(*) AS c FROM saved_queries'))[0]?.['c'])
    expect(synced).toBeGreaterThan(secrets.length / 2)
  }, 120_000)
})
