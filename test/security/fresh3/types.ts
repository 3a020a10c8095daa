import type { Rng } from './rng'

/** Where a secret sits; a hint for reading the per-class table, not something the detector is told. */
export type Context = 'sql' | 'code' | 'config' | 'shell' | 'chat' | 'url' | 'http' | 'key-material' | 'record'

/**
 * The table and column the text is written into; the Hrana body of line 2 is the upsert of that record. For a JSON
 * column (`user_preferences.value`, `connection_templates.parameters`, `connection_templates.ssh_tunnel`) the text is
 * the JSON document itself.
 */
export type Sink =
  | 'query_history.query_text'
  | 'query_history.error_message'
  | 'saved_queries.query_text'
  | 'saved_queries.description'
  | 'connection_templates.host'
  | 'connection_templates.username'
  | 'connection_templates.database_name'
  | 'connection_templates.parameters'
  | 'connection_templates.ssh_tunnel'
  | 'ai_memory_messages.content'
  | 'user_preferences.value'

export const TEXT_SINKS: readonly Sink[] = ['query_history.query_text', 'saved_queries.query_text', 'ai_memory_messages.content', 'saved_queries.description']
export const SQL_SINKS: readonly Sink[] = ['query_history.query_text', 'saved_queries.query_text']
export const CHAT_SINKS: readonly Sink[] = ['ai_memory_messages.content', 'saved_queries.description', 'ai_memory_messages.content']
export const JSON_SINKS: readonly Sink[] = ['user_preferences.value', 'connection_templates.parameters', 'connection_templates.ssh_tunnel']

export interface SecretItem {
  readonly id: string
  readonly class: string
  readonly context: Context
  readonly sink: Sink
  readonly text: string
  /** The exact secret substrings that must not survive. */
  readonly needles: readonly string[]
}

export interface BenignItem {
  readonly id: string
  readonly class: string
  readonly sink: Sink
  readonly text: string
}

/** One template: random values in, the text, its needles and optionally a fixed sink out. */
export type SecretTemplate = (r: Rng) => readonly [text: string, needles: readonly string[], sink?: Sink]
export type BenignTemplate = (r: Rng) => string | readonly [text: string, sink: Sink]

export interface SecretClass {
  readonly name: string
  readonly context: Context
  /** Sinks a template without its own sink rotates through (item i uses sinks[i mod length]). */
  readonly sinks: readonly Sink[]
  readonly templates: readonly SecretTemplate[]
}

export interface BenignClass {
  readonly name: string
  readonly sinks: readonly Sink[]
  readonly templates: readonly BenignTemplate[]
}
