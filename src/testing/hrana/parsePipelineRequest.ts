import { HranaProtocolError } from '../errors.js'
import type {
  HranaBatch,
  HranaCondition,
  HranaCursorRequest,
  HranaNamedArg,
  HranaPipelineRequest,
  HranaStmt,
  HranaStreamRequest,
  HranaValue,
} from './protocol.js'

type Json = Record<string, unknown>

/** The Hrana version of the endpoint: `/v2/…` or `/v3/…`. */
export type HranaVersion = 2 | 3

const fail = (message: string): never => {
  throw new HranaProtocolError(message)
}
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const object = (v: unknown, what: string): Json => (isObject(v) ? v : fail(`${what} must be an object`))
const array = (v: unknown, what: string): unknown[] => (Array.isArray(v) ? v : fail(`${what} must be an array`))
const int = (v: unknown, what: string): number => (Number.isInteger(v) ? (v as number) : fail(`${what} must be an integer`))
/** In a `u` regex a surrogate pair is one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /\p{Surrogate}/u
/**
 * JSON may escape a lone surrogate (`"\ud800"`); sqld's JSON parser refuses the message, and the native libSQL under
 * the emulator would silently store U+FFFD instead, so the emulator refuses it as sqld does.
 */
const string = (v: unknown, what: string): string =>
  typeof v !== 'string' ? fail(`${what} must be a string`) : LONE_SURROGATE.test(v) ? fail(`${what} contains a lone surrogate (not valid Unicode)`) : v
const optional = <T>(v: unknown, parse: (v: unknown) => T): T | undefined => (v === undefined || v === null ? undefined : parse(v))

const value = (v: unknown): HranaValue => {
  const o = object(v, 'value')
  switch (o.type) {
    case 'null':
      return { type: 'null' }
    case 'integer': {
      // sqld deserializes integers from strings only (a JSON number would lose precision past 2^53).
      const text = o.value
      if (typeof text !== 'string' || !/^-?\d+$/.test(text)) fail('integer value must be a decimal string')
      const n = BigInt(text as string)
      if (n > 9223372036854775807n || n < -9223372036854775808n) fail('integer value is out of the 64-bit range')
      return { type: 'integer', value: text as string }
    }
    case 'float':
      return typeof o.value === 'number' ? { type: 'float', value: o.value } : fail('float value must be a number')
    case 'text':
      return { type: 'text', value: string(o.value, 'text value') }
    case 'blob': {
      const base64 = string(o.base64, 'blob base64')
      return /^[A-Za-z0-9+/]*={0,2}$/.test(base64) ? { type: 'blob', base64 } : fail('blob base64 is invalid')
    }
    default:
      return fail(`unknown value type ${JSON.stringify(o.type)}`)
  }
}

const sqlSource = (o: Json, what: string): { sql?: string; sql_id?: number } => {
  const sql = optional(o.sql, (v) => string(v, `${what}.sql`))
  const sqlId = optional(o.sql_id, (v) => int(v, `${what}.sql_id`))
  if ((sql === undefined) === (sqlId === undefined)) fail(`${what} needs exactly one of sql and sql_id`)
  return sql !== undefined ? { sql } : { sql_id: sqlId as number }
}

const stmt = (v: unknown): HranaStmt => {
  const o = object(v, 'stmt')
  const namedArgs = array(o.named_args ?? [], 'named_args').map((a): HranaNamedArg => {
    const n = object(a, 'named arg')
    return { name: string(n.name, 'named arg name'), value: value(n.value) }
  })
  const wantRows = o.want_rows ?? true
  if (typeof wantRows !== 'boolean') fail('want_rows must be a boolean')
  return {
    ...sqlSource(o, 'stmt'),
    args: array(o.args ?? [], 'args').map(value),
    named_args: namedArgs,
    want_rows: wantRows as boolean,
  }
}

const condition = (v: unknown, version: HranaVersion): HranaCondition => {
  const o = object(v, 'condition')
  switch (o.type) {
    case 'ok':
    case 'error':
      return { type: o.type, step: int(o.step, 'condition step') }
    case 'not':
      return { type: 'not', cond: condition(o.cond, version) }
    case 'and':
    case 'or':
      return { type: o.type, conds: array(o.conds, 'conds').map((c) => condition(c, version)) }
    case 'is_autocommit':
      if (version < 3) fail('BatchCond of type `is_autocommit` is only supported in protocol version hrana3 and higher')
      return { type: 'is_autocommit' }
    default:
      return fail(`unknown condition type ${JSON.stringify(o.type)}`)
  }
}

const batch = (v: unknown, version: HranaVersion): HranaBatch => ({
  steps: array(object(v, 'batch').steps, 'steps').map((s) => {
    const step = object(s, 'step')
    const cond = optional(step.condition, (c) => condition(c, version))
    return cond === undefined ? { stmt: stmt(step.stmt) } : { condition: cond, stmt: stmt(step.stmt) }
  }),
})

const streamRequest = (v: unknown, version: HranaVersion): HranaStreamRequest => {
  const o = object(v, 'request')
  switch (o.type) {
    case 'close':
      return { type: 'close' }
    case 'get_autocommit':
      if (version < 3) fail('The `get_autocommit` request is only supported in protocol version hrana3 and higher')
      return { type: 'get_autocommit' }
    case 'execute':
      return { type: 'execute', stmt: stmt(o.stmt) }
    case 'batch':
      return { type: 'batch', batch: batch(o.batch, version) }
    case 'sequence':
    case 'describe':
      return { type: o.type, ...sqlSource(o, o.type) }
    case 'store_sql':
      return { type: 'store_sql', sql_id: int(o.sql_id, 'sql_id'), sql: string(o.sql, 'sql') }
    case 'close_sql':
      return { type: 'close_sql', sql_id: int(o.sql_id, 'sql_id') }
    default:
      return fail(`unknown request type ${JSON.stringify(o.type)}`)
  }
}

const baton = (v: unknown): string | null => optional(v, (b) => string(b, 'baton')) ?? null

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new HranaProtocolError(`Cannot deserialize client message from JSON: ${String(cause)}`, { cause })
  }
}

/** Validates a `/v2/pipeline` or `/v3/pipeline` JSON body; throws HranaProtocolError (HTTP 400). */
export const parsePipelineRequest = (text: string, version: HranaVersion = 3): HranaPipelineRequest => {
  const body = object(parseJson(text), 'pipeline body')
  return { baton: baton(body.baton), requests: array(body.requests, 'requests').map((r) => streamRequest(r, version)) }
}

/** Validates a `/v3/cursor` JSON body. */
export const parseCursorRequest = (text: string): HranaCursorRequest => {
  const body = object(parseJson(text), 'cursor body')
  return { baton: baton(body.baton), batch: batch(body.batch, 3) }
}
