/** `H4sI` is base64 for gzip's magic bytes 1f 8b 08: compressed content the server stores as text. */
export const isGzipBase64 = (text: string): boolean => text.startsWith('H4sI') && /^[A-Za-z0-9+/]+={0,2}$/.test(text)

/** The plaintext of gzip-base64 content, or `undefined` when it does not decompress. Bounded to 16 MiB out. */
export const gunzipBase64 = async (text: string): Promise<string | undefined> => {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))
    const out = new Uint8Array(await new Response(stream).arrayBuffer())
    return out.byteLength > 16 * 1024 * 1024 ? undefined : new TextDecoder().decode(out)
  } catch {
    return undefined
  }
}
