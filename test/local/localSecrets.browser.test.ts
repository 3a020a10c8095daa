// The local secret store suite again in real Chromium: real IndexedDB, real WebCrypto, a CryptoKey object stored in
// IndexedDB and read back by a new connection, and the raw records of every database searched for the password.
import './localSecrets.test'
