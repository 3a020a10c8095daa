// The hydration and two-connection ("two tabs") suites again, in real Chromium on real IndexedDB (Vitest browser
// mode), where transaction auto-commit and cross-connection change events behave as they do for users.
import './hydration.test'
import './outsideChanges.test'
