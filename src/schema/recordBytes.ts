/**
 * The largest record, in bytes of its values, that the package accepts from the server (R9). sqld answers at most
 * 10 MB per response; a record must leave room for the rest of a pull page.
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024

const encoder = new TextEncoder()

/** The size of a record's values: UTF-8 bytes of strings, bytes of blobs, 8 per number. */
export const recordBytes = (row: Readonly<Record<string, unknown>>): number => {
  let bytes = 0
  for (const value of Object.values(row)) {
    if (typeof value === 'string') bytes += value.length < 1024 ? value.length * 3 : encoder.encode(value).length
    else if (value instanceof Uint8Array || value instanceof ArrayBuffer) bytes += value.byteLength
    else if (value !== null && value !== undefined) bytes += 8
  }
  return bytes
}
