// The development panel on a subpath of its own: an app that never renders it never ships it, and `/components`
// stays the four components an app shows its users. It uses the components' stylesheet
// (`@howlerops/sync/components/styles.css`).
export { SyncDevtools, type SyncDevtoolsProps } from '../components/SyncDevtools'
