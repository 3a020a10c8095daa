import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import type { DemoStore } from '../store'
import { preferenceId } from '@howlerops/sync'
import { Section } from './Section'

/** A preference's id derives from its key and device (R7). */
export const THEME_ID = preferenceId('theme')
/** A device-specific preference (`device_id` set): it stays on its device. */
export const fontSizeId = (device: string): string => preferenceId('editor.fontSize', device)

export const Preferences = ({ store, device }: { store: DemoStore; device: string }): ReactElement => {
  const theme = useStore(store, (s) => s.preferences[THEME_ID]?.value as string | undefined) ?? 'light'
  const fontSize = useStore(store, (s) => s.preferences[fontSizeId(device)]?.value as number | undefined) ?? 13
  const { put } = store.getState()
  return (
    <Section title="Preferences">
      <div className="row">
        <label>
          Theme (all devices){' '}
          <select value={theme} onChange={(e) => put('preferences', THEME_ID, { id: THEME_ID, device_id: null, key: 'theme', value: e.target.value })}>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label>
          Editor font size (this device){' '}
          <input
            type="number"
            min={10}
            max={20}
            value={fontSize}
            onChange={(e) => put('preferences', fontSizeId(device), { id: fontSizeId(device), device_id: device, key: 'editor.fontSize', value: Number(e.target.value) })}
          />
        </label>
      </div>
    </Section>
  )
}
