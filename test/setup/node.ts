// IndexedDB for Node-side tests. Each test file runs in its own worker, so one global factory per file is enough;
// tests that need isolation open databases under unique names.
import 'fake-indexeddb/auto'
