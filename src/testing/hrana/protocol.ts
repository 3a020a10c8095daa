/** Hrana 2/3 over HTTP, JSON encoding: the shapes the emulator reads and writes (see docs/HRANA_3_SPEC.md). */

export type HranaValue =
  | { readonly type: 'null' }
  | { readonly type: 'integer'; readonly value: string }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'blob'; readonly base64: string }

export interface HranaNamedArg {
  readonly name: string
  readonly value: HranaValue
}

export interface HranaStmt {
  readonly sql?: string | null
  readonly sql_id?: number | null
  readonly args?: readonly HranaValue[]
  readonly named_args?: readonly HranaNamedArg[]
  readonly want_rows?: boolean
}

export type HranaCondition =
  | { readonly type: 'ok'; readonly step: number }
  | { readonly type: 'error'; readonly step: number }
  | { readonly type: 'not'; readonly cond: HranaCondition }
  | { readonly type: 'and'; readonly conds: readonly HranaCondition[] }
  | { readonly type: 'or'; readonly conds: readonly HranaCondition[] }
  | { readonly type: 'is_autocommit' }

export interface HranaBatch {
  readonly steps: readonly { readonly condition?: HranaCondition | null; readonly stmt: HranaStmt }[]
}

export type HranaStreamRequest =
  | { readonly type: 'close' }
  | { readonly type: 'execute'; readonly stmt: HranaStmt }
  | { readonly type: 'batch'; readonly batch: HranaBatch }
  | { readonly type: 'sequence'; readonly sql?: string | null; readonly sql_id?: number | null }
  | { readonly type: 'describe'; readonly sql?: string | null; readonly sql_id?: number | null }
  | { readonly type: 'store_sql'; readonly sql_id: number; readonly sql: string }
  | { readonly type: 'close_sql'; readonly sql_id: number }
  | { readonly type: 'get_autocommit' }

export interface HranaPipelineRequest {
  readonly baton: string | null
  readonly requests: readonly HranaStreamRequest[]
}

export interface HranaCursorRequest {
  readonly baton: string | null
  readonly batch: HranaBatch
}

export interface HranaError {
  readonly message: string
  readonly code: string
}

export interface HranaStmtResult {
  readonly cols: readonly { readonly name: string | null; readonly decltype: string | null }[]
  readonly rows: readonly (readonly HranaValue[])[]
  readonly affected_row_count: number
  readonly last_insert_rowid: string | null
  readonly rows_read: number
  readonly rows_written: number
}

export interface HranaBatchResult {
  readonly step_results: (HranaStmtResult | null)[]
  readonly step_errors: (HranaError | null)[]
}

export interface HranaDescribeResult {
  readonly params: readonly { readonly name: string | null }[]
  readonly cols: readonly { readonly name: string; readonly decltype: string | null }[]
  readonly is_explain: boolean
  readonly is_readonly: boolean
}

export type HranaStreamResponse =
  | { readonly type: 'close' }
  | { readonly type: 'execute'; readonly result: HranaStmtResult }
  | { readonly type: 'batch'; readonly result: HranaBatchResult }
  | { readonly type: 'sequence' }
  | { readonly type: 'describe'; readonly result: HranaDescribeResult }
  | { readonly type: 'store_sql' }
  | { readonly type: 'close_sql' }
  | { readonly type: 'get_autocommit'; readonly is_autocommit: boolean }

export type HranaStreamResult =
  | { readonly type: 'ok'; readonly response: HranaStreamResponse }
  | { readonly type: 'error'; readonly error: HranaError }

export interface HranaPipelineResponse {
  readonly baton: string | null
  readonly base_url: string | null
  readonly results: readonly HranaStreamResult[]
}
