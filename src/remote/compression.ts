import type { OutgoingChange, Row } from '../core/ports'
import { isSealedEnvelope } from '../core/sealing/envelope'

/**
 * Large AI message content is stored gzip-compressed in Turso (`content_encoding = 'gzip-base64'`), which cuts
 * storage and bytes on the wire; the device always holds plain text, so the app never sees the difference.
 * Uses the platform's CompressionStream (browsers, Node ≥ 18).
 */
export const COMPRESSION_THRESHOLD = 1024

const GZIP = 'gzip-base64'

const pipe = async (bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> => {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream))
  return new Uint8Array(await out.arrayBuffer())
}

const toBase64 = (bytes: Uint8Array): string => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

export const gzipBase64 = async (text: string): Promise<string> =>
  toBase64(await pipe(new TextEncoder().encode(text), new CompressionStream('gzip')))

export const gunzipBase64 = async (text: string): Promise<string> =>
  new TextDecoder().decode(await pipe(fromBase64(text), new DecompressionStream('gzip')))

/** The change as the server stores it. */
export const compressChange = async (change: OutgoingChange, threshold = COMPRESSION_THRESHOLD): Promise<OutgoingChange> => {
  const content = change.row['content']
  if (change.table !== 'ai_memory_messages' || change.op !== 'upsert' || typeof content !== 'string' || content.length <= threshold) return change
  // Sealed content is compressed inside its envelope, before encryption; ciphertext would not shrink.
  if (change.row['content_encoding'] === GZIP || isSealedEnvelope(content)) return change
  return { ...change, row: { ...change.row, content: await gzipBase64(content), content_encoding: GZIP } }
}

/** The row as the device stores it. */
export const decompressRow = async (table: string, row: Row): Promise<Row> => {
  if (table !== 'ai_memory_messages' || row['content_encoding'] !== GZIP || typeof row['content'] !== 'string') return row
  return { ...row, content: await gunzipBase64(row['content']), content_encoding: 'identity' }
}
