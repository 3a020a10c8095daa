/**
 * Is a run of words a BIP39 mnemonic (a wallet's master secret)? The English list has 2,048 words of 3 to 8 letters.
 * Rather than ship the list (13 kB), its words are kept as a Bloom filter: 16,384 bits, two FNV-1a hashes, 2.7 kB as
 * base64. A word outside the list passes by chance about one time in twenty, so twelve consecutive words that all
 * pass are a mnemonic, not prose (prose breaks the run with "the", "and", "of", "to", "a", which are not in the list).
 */
const FILTER = 'UQYRYEAAYQEMBSIEYCoEiIEgJgBaBAAACcBKAAIQVQSggolPcJZQAAQBAEgcAgMBoIcIoARCcbAEOhHADQFQCKAGIYpgABggQCAEAQQkcskIYSAFiICBRUHNYoBAgjaAEABSDBLBAyAAACwAQzFBCQEUcAwRCREQKCGhBBgAJgkBgognBwJAQgBCCigElJUqESAgcYIDIAirAhrICAGaAAgAgAMAlESAQCAMfRfGMQjhmYABJBdCAQjDMBAIAAAyaFBZCYUFIBwYQAOCEIKAyAAAAMCAsFcFIBYAEERggFgxAwRgEhxEAAFiClkRiieAQQwKQECKgoAAAgEcAAHTigQQHAGAp0EClQEUSgBeQAQVBwAeENEiwKERQg8UoAAgA0AAABFEhCACJABpGJAYAg0DBDEEQASPCMAAMIWD0AICB7QICAokSQAAAgAAFAlACQMAEAHTkiRQMACAoNgEjANACAAGAikggIoAAhEQjFABhBBAEgAwEBhAMBADIAAQMAECMLRkRqInDAiMB5CgAARMAEgJOCRtQFAWQCAViJIBGUBRQABAiEkAIgApAIEEARQgeQh5AgBAICAAAgewgiQNIACnqaRgAEoBwBEBBAiiAQImRAKBIoAkEcCAACAYUoOhgECgQAA4GsD2xAMBpCICagQADAAQwQAQABKBkgIBgJAAQABAQQAAEAIRgEhBEAKsEoIABAIBQCxAIAgIAALRICAJwAABEACABQAQgQgCEAMhQoKKAECIBgBzgViAI4kAAMEBAc1iC3ghiQAQRjqEwAAAAAAAgoAmEjiIkjEUAoGIAiQkAKBJhGBQAoWUATKECQASAAgAkIgxAAYBkQhwAiXWgDg8QAEAA4QB2AYwiABiZQAAxABAgCeAKACAsQIgCiqQiYEgAAghAQBAAggBEoCUIAIIAgoKMSDAqSYDFEAQBCQBAggAAElBRIUQKQAEkAD5HBACcM4KKGWS1MiCgwSgygKBGRAE0AGAgAEaCQwACcBODAaAGyAEAYYgQAIAAgw5ABgKTAAADgCBEgNgcggBCAwAEBBgAIpiWDegQAYABJeTgEhAINFhAAAAIIQCBAgABUARGgGKBcOJKqKAAUEUIwgCAxBIQCyAgRA4EoICQIFiAIggAYEJIYISQCCSBAABREAAKAY0XigBAwQAFAAFoAACBBBh0ZChAUKIIJFIAACgEIMDBALDQAJACQIEQFgAFSACwgsFpBAgABgBWBABgCCOERkkAAhFAxYoJgwQcABBQQQAJlBYCgAwQkEBAgGAEuHAAErikAnKaACRARcDwFEwFAzKQ0DmISgoAwAwAEACAAaEKRQGBANABTAEBEAAYAIgUBRyLwAAYBABIEAQAgFyAoAEIAHAAGAhAQNIRAIBiEIAQgMANKWIRDJEBIDgMCkYgCAQkEgmBbCCAgGBCIAAKYwAACiABLBAEVMgABAKCAgBAMmIAKMAIFBYqBBAFAAAEgEQHDzCgBBLAgDEAAAEwgxkSKQEgpMADOJkAAgBAAQCFCwACCEEVBAA4gCVCEAhggRyAEAQAIMALEFACQABQACWQACSARAQyEVEiMDcEQCAB4AkoPAYABkBiFAo6o0oAABgTAGIAEQABCSwIAahQyJEVAAJwMDCgEgVAARCAAKIA2GAgABKARGAgypCEAAqIDwIDDUIYAECAQAAUjjwkEAEIAABhCAIAIIEABYFECukJAgItJIDgECY/BhqVBgLEIAgCARQMAEAAmQQisACBnBdCICFy0AAmAggAAgAQBAJAwEE4QAgQkAIAMIlBALQEIAAsQRChEG4QCoIzBCRAgOIIAKAAAFDABwBAiUADAAGAhEBgAwAqAQgADSIsAiMCCgAAIUBiIqEsACQCMBQAcAAAEACASgAAIoCYQhhtxAgAQQAEbDB4SnhtAhCAAKNMhCAhjAAhhCxgMBJDHAJAEAEAKpBGAJAYEioAEAjIAGmABMEDEJQCgSGATDjgYEAAQnwBhQw8RACAAUFGYAJQJLIUJAIGA4CBMAAAaQwoYAAhF6RQADEEEAQQCAAMCECMBZoAEgAhBImDRGpGBEBEKQEmgGAAMFJgUAQSwAgCiA6AUiQkgOEAdAIIkRgYAiAAAFFIkYCJBiEEFEGMcDQCGAkwAEIQVQhkoB+CAMAYAFAAAIPEERQACYIgY2QAjEZEMhIADAAJQQgBBEggABCEgMCIeCOiAGBhCgIIIgFAkQ6ECgAAKAQAhAFM2MBDAQAImaQGAgaCRAPkABgAAcEAABGIygRAA5AMAAQGASAEDKkCEEIcJYGQADwwDSQSAMABxEIYoIQYiIUQEBAhcACBACCFBNIKCIEATIARIJBQCSpUIgEAAACQoBIAAQaIIhgGwKyzkAEAhAQAAQAAAAM1AAgwYmoAAyBElCQhA6CIAjoAggmkQAiQEAhNJeAAAAAAgOEMgA0YEmAAICmjgBGARgIAEAiACQQIBAKAESCEYEh6AShCEQA2CAEAAcAEAUIISAhAAAcAhJpAmhqEoQ1JUEEQSQPISFAwECAMsIChAQqhRVEZMEQYgaHoIkYIBHPIAAg0wGACiAUAmCAW0AAERGAgIAAQSAZ3iIOCARIBJQAlQCAhAEACQGGAQII6WMEgwoCQHAMEg6QwqQBiIYAAIGISQsCASoDBABwIoKAEgAiQJJCdIVREQABWAQIqMAgAAAKSoCUEEBIagAAkEhAIEAoIGgENAk='
const BITS = 16_384
const SEEDS = [2_166_136_261, 0x97_47_b2_8c]

let filter: Uint8Array | undefined
const bitsOf = (): Uint8Array => (filter ??= Uint8Array.from(atob(FILTER), (c) => c.charCodeAt(0)))

const hash = (word: string, seed: number): number => {
  let x = seed >>> 0
  for (let i = 0; i < word.length; i += 1) x = Math.imul(x ^ word.charCodeAt(i), 16_777_619) >>> 0
  return x % BITS
}

const inList = (word: string): boolean => {
  if (word.length < 3 || word.length > 8) return false
  const bits = bitsOf()
  return SEEDS.every((seed) => {
    const b = hash(word, seed)
    return ((bits[b >> 3] ?? 0) >> (b & 7)) & 1
  })
}

/**
 * Runs of lowercase words separated by spaces, commas or line breaks (a mnemonic is often written one word a line),
 * numbered or not (`1. abandon 2. ability …`).
 */
const RUN = /(?<![\p{L}\p{N}])[a-z]{3,8}(?:(?:[ \t]+|[ \t]*,[ \t]*|[ \t]*\r?\n[ \t]*)(?:\d{1,2}(?:[.):][ \t]*|[ \t]+))?[a-z]{3,8}){11,}(?![\p{L}\p{N}])/gu
const WORD = /[a-z]{3,8}/g

/** A mnemonic has 12, 15, 18, 21 or 24 words: a longer or odd run of common words is prose. */
const MNEMONIC_LENGTHS = new Set([12, 15, 18, 21, 24])

/**
 * A run of exactly 12, 15, 18, 21 or 24 consecutive words from the list, with at most four other words around it in
 * the same run (`my seed words … please`): a line of twenty common words with a list word in the middle is prose.
 */
export const hasMnemonic = (text: string): boolean => {
  for (const m of text.matchAll(RUN)) {
    const words = [...m[0].matchAll(WORD)]
    let streak = 0
    for (let i = 0; i <= words.length; i += 1) {
      const w = words[i]
      if (w !== undefined && inList(w[0])) streak += 1
      else {
        if (MNEMONIC_LENGTHS.has(streak) && words.length - streak <= 4) return true
        streak = 0
      }
    }
  }
  return false
}
