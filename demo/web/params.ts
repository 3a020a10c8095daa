export type DeviceKey = 'laptop' | 'desktop'

export const DEVICE_LABELS: Record<DeviceKey, string> = { laptop: 'Laptop', desktop: 'Desktop' }

export interface DemoParams {
  /** `?device=laptop` shows one device (one browser context per device in the e2e tests); both by default. */
  readonly devices: readonly DeviceKey[]
  /** `?debounceMs=200&pollMs=1000` make the engine quick for tests (defaults: the engine's 1 s debounce and 5 s poll). */
  readonly debounceMs: number | undefined
  readonly pollMs: number | undefined
  /** `?user=<name>`: another emulator database (tests isolate themselves with it). */
  readonly user: string | undefined
  /** `?seed=0` starts empty; by default the laptop adds sample data to an empty account. */
  readonly seed: boolean
}

const positive = (value: string | null): number | undefined => {
  const n = value === null ? Number.NaN : Number(value)
  return Number.isFinite(n) && n > 0 ? n : undefined
}

export const readParams = (search: string): DemoParams => {
  const q = new URLSearchParams(search)
  const device = q.get('device')
  return {
    devices: device === 'laptop' || device === 'desktop' ? [device] : ['laptop', 'desktop'],
    debounceMs: positive(q.get('debounceMs')),
    pollMs: positive(q.get('pollMs')),
    user: q.get('user') ?? undefined,
    seed: q.get('seed') !== '0',
  }
}
