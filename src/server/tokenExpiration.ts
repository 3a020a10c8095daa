const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const
const FORMAT = /^(?:\d+[wdhms])+$/

/**
 * The lifetime in milliseconds of a token `expiration` in Turso's format (`30m`, `1h`, `2w1d30m`; see
 * https://docs.turso.tech/api-reference/databases/create-token and `turso db tokens create --expiration 7d3h2m1s`).
 *
 * @throws {RangeError} for `never` (Turso's default, which is exactly defect 11 of DESIGN.md), zero, or any other
 * format; tokens handed out by this package always expire.
 */
export const parseTokenExpiration = (expiration: string): number => {
  if (!FORMAT.test(expiration)) {
    throw new RangeError(`Token expiration must be a duration such as "30m", "1h" or "1d12h", got ${JSON.stringify(expiration)}.`)
  }
  let total = 0
  for (const [, amount, unit] of expiration.matchAll(/(\d+)([wdhms])/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  }
  if (total <= 0) throw new RangeError('Token expiration must be longer than zero.')
  return total
}
