/**
 * A value made on first use and kept: for a vendor package that only some requests need (CSV
 * parsing, charset detection, statistics), so that the engine and the CLI do not load it at
 * start-up (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory). `load` is usually
 * `() => require('pkg')` next to an `import type` of the same package.
 */
export function lazy<T>(load: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: load() }).v;
}
