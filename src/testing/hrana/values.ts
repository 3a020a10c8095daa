import type { SqlValue } from '../engine/SqlEngine.js'
import type { HranaValue } from './protocol.js'

const toBase64 = (bytes: Uint8Array): string => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

const fromBase64 = (base64: string): Uint8Array => {
  // Hrana allows unpadded base64; atob needs padding.
  const padded = base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '=')
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))
}

/** Decodes a (validated) wire value into the value bound to SQLite. */
export const decodeValue = (value: HranaValue): SqlValue => {
  switch (value.type) {
    case 'null':
      return null
    case 'integer':
      return BigInt(value.value)
    case 'float':
      return value.value
    case 'text':
      return value.value
    case 'blob':
      return fromBase64(value.base64)
  }
}

/** Encodes a value returned by SQLite. The engine returns integers as bigint, so a `number` is always a REAL. */
export const encodeValue = (value: SqlValue): HranaValue => {
  if (value === null) return { type: 'null' }
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() }
  if (typeof value === 'number') return { type: 'float', value }
  if (typeof value === 'string') return { type: 'text', value }
  // Some builds of the native binding return blobs as ArrayBuffer.
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer)
  return { type: 'blob', base64: toBase64(bytes) }
}
