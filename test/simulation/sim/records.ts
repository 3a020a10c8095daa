import { preferenceId } from '@howlerops/sync'
import type { EditTable } from './plan'

/** Row builders and markers: every edit writes a marker unique to its step into one text field. */
export const markerOf = (step: number): string => `mk${step}z`
export const MARKER_RE = /mk\d+z/g
export const secretOf = (step: number): string => `s3cr3t${step}Qv`

/**
 * Markers standing as plaintext: delimited on both sides by a character no base64 or base64url text has. Every
 * plaintext marker is (`'mk7z'`, `"mk7z"`, `summary mk7z`); inside ciphertext or gzip-base64, `mk7z` turns up by
 * chance (a few times per megabyte), never delimited so. The sealed-content oracles (R11) read these.
 */
export const PLAIN_MARKER_RE = /(?<![A-Za-z0-9+/=_-])mk\d+z(?![A-Za-z0-9+/=_-])/g
export const plainMarkersIn = (value: unknown): string[] => {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
  return text.match(PLAIN_MARKER_RE) ?? []
}

export const markersIn = (value: unknown): string[] => {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null)
  return text.match(MARKER_RE) ?? []
}

/** The value an edit writes into `field`: the marker, wrapped the way that column expects. */
export const fieldValue = (table: EditTable, field: string, marker: string, secret: string | undefined): unknown => {
  if (table === 'user_preferences') return { v: marker }
  if (table === 'query_history' && field === 'query_text') {
    return secret === undefined ? `select '${marker}' as m` : `ALTER USER app WITH PASSWORD '${secret}' -- ${marker}`
  }
  if (field === 'query_text') return `select '${marker}' as m`
  return `${field} ${marker}`
}

/**
 * Preferences are identified by their natural key (R7): the plan names a preference, and its id is the one the
 * package derives from that name. Names are remembered so a row can be built from its id.
 */
const prefNames = new Map<string, string>()

/** The record key behind a plan name (preferences: their derived id). */
export const planKey = (table: EditTable, name: string, device?: number): string => {
  if (table !== 'user_preferences' || prefNames.has(name)) return name
  const id = preferenceId(`pref.${name}`, device === undefined ? null : `device-${device}`)
  prefNames.set(id, name)
  return id
}

export const newRow = (table: EditTable, key: string, device: number, now: number, isPrivate: boolean): Record<string, unknown> => {
  switch (table) {
    case 'user_preferences':
      return { id: key, device_id: isPrivate ? `device-${device}` : null, key: `pref.${prefNames.get(key) ?? key}`, value: null }
    case 'connection_templates':
      return {
        connection_id: key,
        name: `conn ${key}`,
        type: 'postgres',
        host: 'db.internal',
        port: 5432,
        database_name: 'app',
        file_path: null,
        username: 'app',
        ssl_mode: 'require',
        parameters: null,
        ssh_tunnel: null,
        environment: 'dev',
        color: null,
        folder: null,
        tags: ['sim'],
      }
    case 'query_history':
      return {
        id: key,
        connection_id: null,
        query_text: 'select 1',
        executed_at: now,
        duration_ms: 3,
        rows_affected: 0,
        status: 'success',
        error_message: null,
        privacy_mode: isPrivate ? 'private' : 'normal',
      }
    case 'saved_queries':
      return { id: key, name: `query ${key}`, description: null, query_text: 'select 1', connection_id: null, folder: null, tags: null, is_favorite: 0 }
    case 'ai_memory_sessions':
      return { id: key, title: `chat ${key}`, connection_id: null, model: 'sim-1', summary: null, message_count: 0, token_count: 0, last_message_at: null, metadata: null }
    case 'ai_memory_messages':
      return { id: key, session_id: `sess-${key.length % 2}`, role: 'user', content: 'hello', content_encoding: 'identity', token_count: 3, metadata: null }
  }
}

/** Credentials an edit may carry; they must never reach IndexedDB (connection fields) or the server (anything). */
export const withSecrets = (table: EditTable, row: Record<string, unknown>, secret: string): Record<string, unknown> =>
  table === 'connection_templates'
    ? { ...row, password: secret, ssh_tunnel: { host: 'bastion', port: 22, user: 'jump', privateKey: `-----BEGIN KEY ${secret}` } }
    : row

/** A privacy transition in the same write: history private ↔ normal, a preference device-specific ↔ global. */
export const withPrivacy = (table: EditTable, row: Record<string, unknown>, privacy: 'private' | 'shared', device: number): Record<string, unknown> => {
  if (table === 'query_history') return { ...row, privacy_mode: privacy === 'private' ? 'private' : 'normal' }
  if (table === 'user_preferences') return { ...row, device_id: privacy === 'private' ? `device-${device}` : null }
  return row
}

/** A value the server refuses (`saved_queries_is_favorite` CHECK): the record cannot sync and is quarantined. */
export const withPoison = (row: Record<string, unknown>): Record<string, unknown> => ({ ...row, is_favorite: 7 })
