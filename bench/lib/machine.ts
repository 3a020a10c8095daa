import os from 'node:os'

/** `CPU model, N cores, X GB RAM, Node vN` from `node:os`. */
export const describeMachine = (): string => {
  const cpus = os.cpus()
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim()
  const ram = Math.round(os.totalmem() / 2 ** 30)
  return `${model}, ${cpus.length} cores, ${ram} GB RAM, Node ${process.version} (${os.platform()} ${os.arch()})`
}
