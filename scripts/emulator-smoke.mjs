// Smoke test of the Turso emulator with the real @libsql/client, in both modes (MSW and the Node HTTP server).
// Run: node --import tsx scripts/emulator-smoke.mjs
import assert from 'node:assert/strict'
import { createClient } from '@libsql/client'
import { setupServer } from 'msw/node'
import { createTursoEmulator } from '../src/testing/index.ts'

const exercise = async (label, url, authToken) => {
  const client = createClient({ url, authToken })
  await client.execute('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
  const inserted = await client.execute({ sql: 'INSERT INTO notes (body) VALUES (?)', args: ['first'] })
  assert.equal(inserted.rowsAffected, 1)
  await client.batch(
    [
      { sql: 'INSERT INTO notes (body) VALUES (?)', args: ['second'] },
      { sql: 'INSERT INTO notes (body) VALUES (:body)', args: { body: 'third' } },
    ],
    'write',
  )
  const tx = await client.transaction('write')
  await tx.execute({ sql: 'INSERT INTO notes (body) VALUES (?)', args: ['in tx'] })
  const inside = await tx.execute('SELECT count(*) AS n FROM notes')
  assert.equal(inside.rows[0].n, 4)
  await tx.commit()
  const rows = await client.execute('SELECT body FROM notes ORDER BY id')
  assert.deepEqual(rows.rows.map((r) => r.body), ['first', 'second', 'third', 'in tx'])
  client.close()
  console.log(`${label}: ok (${url})`)
}

const emulator = createTursoEmulator()
const msw = setupServer(...emulator.handlers)
msw.listen({ onUnhandledRequest: 'bypass' })
try {
  const a = emulator.createDatabase('smoke-msw')
  await exercise('msw', a.url, a.authToken)
} finally {
  msw.close()
}

const server = await emulator.listen(0)
try {
  const b = emulator.createDatabase('smoke-http')
  await exercise('http', server.url, b.authToken)
} finally {
  await emulator.close()
}
console.log('emulator smoke: all ok')
