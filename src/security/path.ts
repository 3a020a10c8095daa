/** Appends a property to a finding path: `a.b`, `a[2]`, `a["odd key"]`. */
export const childPath = (parent: string, key: string | number): string => {
  if (typeof key === 'number') return `${parent}[${key}]`
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`
  return `${parent}[${JSON.stringify(key)}]`
}

/** Plain data objects only: class instances (Date, Uint8Array, Map) are not walked or copied. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
