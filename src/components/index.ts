// Lets the library build emit the stylesheet (dist/sync.css, exported as `@howlerops/sync/components/styles.css`).
// Vite strips this import from the built JS, so importing the components never injects CSS: apps opt in.
import './styles.css'

export { SyncStatusIndicator, indicatorState, type SyncStatusIndicatorProps, type IndicatorState } from './SyncStatusIndicator'
export { ConflictDialog, type ConflictDialogProps } from './ConflictDialog'
export { DeviceList, type DeviceListProps } from './DeviceList'
export { InitialSyncProgress, type InitialSyncProgressProps } from './InitialSyncProgress'
export {
  syncStatusLabels,
  conflictDialogLabels,
  deviceListLabels,
  initialSyncLabels,
  relativeTimeLabels,
  type SyncStatusLabels,
  type ConflictDialogLabels,
  type DeviceListLabels,
  type InitialSyncLabels,
  type RelativeTimeLabels,
} from './labels'
export { formatAgo, formatDateTime, type FormatAgoOptions, type NowProp } from './relativeTime'
export { recordName } from './recordName'
