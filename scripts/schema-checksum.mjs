#!/usr/bin/env node
// Recomputes the checksum literal that schema.sql records for itself in schema_migrations.
//
//   node scripts/schema-checksum.mjs          rewrite the literal in schema.sql
//   node scripts/schema-checksum.mjs --check  exit 1 if the literal is stale
//
// The rule (the same as migrationChecksum in src/server/checksum.ts): 'sha256:' + hex sha256 of the UTF-8 text,
// CRLF normalised to LF, up to (not including) the first line that is exactly `-- @migration-record`.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const MARKER = '-- @migration-record'
const file = fileURLToPath(new URL('../schema.sql', import.meta.url))
const text = readFileSync(file, 'utf8')
const normalised = text.replace(/\r\n/g, '\n')

const markerLine = new RegExp(`^${MARKER}\r?$`, 'm')
const hashedEnd = normalised.search(markerLine)
const recordStart = text.search(markerLine)
if (hashedEnd < 0 || recordStart < 0) {
  console.error(`schema.sql has no line "${MARKER}"`)
  process.exit(2)
}
const checksum = `sha256:${createHash('sha256').update(normalised.slice(0, hashedEnd), 'utf8').digest('hex')}`

const record = text.slice(recordStart)
const literal = /'sha256:[0-9a-f]{64}'/
if (!literal.test(record)) {
  console.error('schema.sql has no checksum literal after the marker')
  process.exit(2)
}
const current = /'(sha256:[0-9a-f]{64})'/.exec(record)?.[1]

if (process.argv.includes('--check')) {
  if (current !== checksum) {
    console.error(`schema.sql records ${current}, but its text hashes to ${checksum}`)
    process.exit(1)
  }
  console.log(`schema.sql checksum is current: ${checksum}`)
} else if (current === checksum) {
  console.log(`schema.sql checksum is current: ${checksum}`)
} else {
  writeFileSync(file, text.slice(0, recordStart) + record.replace(literal, `'${checksum}'`))
  console.log(`schema.sql checksum updated: ${checksum}`)
}
