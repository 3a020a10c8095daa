import { stableHash } from './record'

/**
 * The id of a preference, derived from its identity `(key, device_id)` (DESIGN.md, user_preferences).
 *
 * The server keeps one live global row per key (ux_user_preferences_global_key). If two devices each gave the same
 * global key a random id, their rows would collide on that index: one device's push would be refused forever and the
 * devices would disagree. With the id derived from the key, both devices write the SAME record, and the collision
 * is an ordinary last-write-wins conflict on it.
 *
 * A hash, not the key itself: the sanitizer redacts a credential in the `key` column but never touches a record id,
 * so an id that spelled out the key would carry it to the server. 64-bit FNV-1a over the UTF-8 of an injective
 * encoding of both parts; pure and synchronous, so it can name a zustand slice key.
 *
 * Anyone can compute it from a guessed key, so with sealing on the server never sees it: a preference travels under
 * this id sealed with the user's content key (the same on every device of the user), and comes back under this id.
 */
export const preferenceId = (key: string, deviceId?: string | null): string =>
  `pref_${stableHash(JSON.stringify([deviceId ?? null, key]))}`
