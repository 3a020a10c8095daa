import { B64, B64URL, HEX, token, type Random } from '../corpus/random'

const uuid = (r: Random): string => `${token(r, HEX, 8)}-${token(r, HEX, 4)}-4${token(r, HEX, 3)}-a${token(r, HEX, 3)}-${token(r, HEX, 12)}`
const iso = (r: Random): string => `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00Z`

/**
 * A pasted database dump and logs, the kind a user drops into an AI chat: ids, hashes, base64 attachments, JSON logs
 * that talk about tokens and keys with random trace ids nearby, and prose. No credential in it.
 */
export const pastedDump = (r: Random, bytes: number): string => {
  const parts = ['-- PostgreSQL database dump\nSET statement_timeout = 0;\nCOPY public.api_tokens (id, user_id, token_hash, created_at) FROM stdin;\n']
  let size = parts[0]!.length
  while (size < bytes) {
    const line = r.pick([
      () => `${uuid(r)}\t${uuid(r)}\t${token(r, HEX, 64)}\t${iso(r)}\n`,
      () => `{"ts":"${iso(r)}","level":"info","msg":"${r.pick(['token refreshed', 'api key rotated', 'password reset email sent', 'session key renewed'])}","request_id":"${uuid(r)}","trace":"${token(r, B64URL, 40)}"}\n`,
      () => `INSERT INTO attachments (id, mime, data) VALUES ('${uuid(r)}', 'image/png', '${token(r, B64, r.int(800, 6000))}');\n`,
      () => `INSERT INTO users (id, email, password_hash) VALUES ('${uuid(r)}', 'user${r.int(1, 9999)}@example.com', '$2b$12$${token(r, B64.replace('+', '.'), 53)}');\n`,
      () => `-- The password policy requires 12 characters; the key rotation job ran at ${iso(r)} and took ${r.int(10, 900)} ms.\n`,
      () => `${r.pick(['GET', 'POST'])} /v1/sessions/${uuid(r)}/messages 200 ${r.int(1, 900)}ms etag=W/"${token(r, HEX, 32)}"\n`,
    ])()
    parts.push(line)
    size += line.length
  }
  return parts.join('')
}

/** Base64 of `bytes` random bytes, as a tool prints it: on one line, or wrapped at 76 characters like `base64`. */
export const base64Output = (r: Random, bytes: number, wrapped: boolean): string => {
  const raw = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i += 1) raw[i] = Math.floor(r.next() * 256)
  let binary = ''
  for (let i = 0; i < bytes; i += 0x8000) binary += String.fromCharCode(...raw.subarray(i, i + 0x8000))
  const b64 = btoa(binary)
  return wrapped ? (b64.match(/.{1,76}/g) ?? []).join('\n') : b64
}
