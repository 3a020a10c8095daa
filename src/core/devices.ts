import type { Row } from './ports'

export interface DeviceInfo {
  readonly deviceName: string
  readonly deviceType: 'desktop' | 'laptop' | 'mobile' | 'tablet' | 'server' | 'unknown'
  readonly browser: string | null
  readonly os: string | null
  readonly appVersion: string | null
}

/** A best-effort reading of the user agent; the app may pass every field itself. */
export const describeDevice = (userAgent: string | undefined, overrides: Partial<DeviceInfo> = {}): DeviceInfo => {
  const ua = userAgent ?? ''
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : ua === '' ? null : 'Other'
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad|iOS/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : ua === '' ? null : 'Other'
  const deviceType = /iPad|Tablet/.test(ua) ? 'tablet' : /Mobi|Android|iPhone/.test(ua) ? 'mobile' : ua === '' ? 'unknown' : 'desktop'
  return { deviceName: overrides.deviceName ?? `${browser ?? 'Device'} on ${os ?? 'unknown OS'}`, deviceType, browser, os, appVersion: null, ...overrides }
}

export const deviceRow = (deviceId: string, info: DeviceInfo, now: number, previous: Row | null, lastSync: number | null): Row => ({
  ...(previous ?? {}),
  device_id: deviceId,
  device_name: info.deviceName,
  device_type: info.deviceType,
  browser: info.browser,
  os: info.os,
  app_version: info.appVersion,
  is_active: previous === null ? 1 : Number(previous['is_active'] ?? 1),
  registered_at: Number(previous?.['registered_at'] ?? now),
  last_seen: now,
  last_sync: lastSync,
})

/** Who switched a device off and when: the author and clock of its registry row's current version. */
export const deactivation = (row: Record<string, unknown>): { readonly deviceId: string | null; readonly at: number | null } => ({
  deviceId: typeof row['origin_device_id'] === 'string' ? row['origin_device_id'] : null,
  at: typeof row['updated_at'] === 'number' ? row['updated_at'] : null,
})
