import fc from 'fast-check'

/**
 * A generator over the whole JavaScript value domain (R14, R16): everything `fc.anything` can make with every option
 * on, plus what breaks serializers in practice: BigInts (also beyond int64), special floats, dates, typed arrays,
 * strings with lone surrogates and NUL, JSON nested around the server's depth limit and far beyond it.
 * Shared by the round-trip property test and the simulation's `values` feature.
 */
export type ValueKind = 'text' | 'integer' | 'json'

const nest = (depth: number, leaf: unknown): unknown => {
  let value = leaf
  for (let i = 0; i < depth; i += 1) value = i % 3 === 0 ? { d: value } : [value]
  return value
}

const specialNumbers = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE),
  fc.integer(),
  fc.maxSafeInteger(),
)

const strings = fc.oneof(
  fc.string({ unit: 'binary' }), // lone surrogates included
  fc.string({ unit: 'grapheme' }),
  fc.string(),
  fc.constantFrom('a\u0000b', '👋🏽'.slice(0, 1), '\udc00', 'é', '\u2028', ''),
)

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'binary',
  maxDepth: 3,
})

/**
 * A value inside the column's domain but for exactly one edge (or none: a NUL, which is inside). Whole-domain values
 * are nearly always refused for several reasons at once, so a rule that lets one edge through (NaN, a lone surrogate,
 * -0) would hide behind the others; this arbitrary gives each edge alone.
 */
const nearlyValid = (kind: ValueKind): fc.Arbitrary<unknown> => {
  if (kind === 'text') {
    return fc
      .tuple(fc.string(), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '👋🏽'.slice(0, 1), '\u0000'), fc.string())
      .map(([a, edge, b]) => a + edge + b)
  }
  if (kind === 'integer') return fc.constantFrom<unknown>(-0, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53), 0.5, 1n, 2n ** 63n)
  const edge = fc.oneof(
    fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 'x\ud800', '\udc00y', 1n, 'a\u0000b'),
    fc.constant(null).map(() => new Date(0)),
    fc.constant(null).map(() => [1, undefined, 3]),
  )
  return fc.tuple(fc.jsonValue({ maxDepth: 2 }), edge).map(([v, e]) => ({ v, e }))
}

/** Any JavaScript value, biased toward the edges of each column kind's domain. */
export const anyValue = (kind: ValueKind): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: nearlyValid(kind) },
    { weight: 4, arbitrary: anything },
    { weight: 2, arbitrary: specialNumbers },
    { weight: 2, arbitrary: strings },
    { weight: 1, arbitrary: fc.bigInt() },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) },
    {
      weight: kind === 'json' ? 1 : 0,
      arbitrary: fc.tuple(fc.constantFrom(999, 1000, 1001, 2000), anything).map(([depth, leaf]) => nest(depth, leaf)),
    },
    { weight: kind === 'json' ? 2 : 0, arbitrary: fc.dictionary(strings, fc.oneof(specialNumbers, strings, fc.constant(undefined))) },
    { weight: kind === 'json' ? 2 : 0, arbitrary: fc.array(fc.oneof(specialNumbers, strings, fc.constant(undefined), fc.date())) },
  )

/** `a` and `b` are the same value exactly: -0 is not 0, NaN is NaN, prototypes and array holes count. */
export const sameValue = (a: unknown, b: unknown): boolean => {
  const left: unknown[] = [a]
  const right: unknown[] = [b]
  while (left.length > 0) {
    const x = left.pop()
    const y = right.pop()
    if (Object.is(x, y)) continue
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false
    if (x instanceof Uint8Array && y instanceof Uint8Array) {
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false
      continue
    }
    const kx = Reflect.ownKeys(x)
    const ky = Reflect.ownKeys(y)
    if (kx.length !== ky.length) return false
    for (const k of kx) {
      if (!Object.prototype.hasOwnProperty.call(y, k)) return false
      left.push((x as Record<PropertyKey, unknown>)[k])
      right.push((y as Record<PropertyKey, unknown>)[k])
    }
  }
  return true
}
