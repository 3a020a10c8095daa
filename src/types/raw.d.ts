/** Vite's `?raw` import of a SQL file: its text, exactly as on disk. Supported by Vitest and the library build. */
declare module '*.sql?raw' {
  const text: string
  export default text
}
