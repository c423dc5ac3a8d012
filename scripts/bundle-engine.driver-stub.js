// What the engine's bundle has in place of the TypeORM drivers it does not use (scripts/bundle-engine.js):
// Touchbase runs on SQLite (better-sqlite3) and PostgreSQL only.
module.exports = new Proxy(
  {},
  {
    get: (_, name) =>
      class {
        constructor() {
          throw new Error(
            `TypeORM's ${String(name)} is not in the engine's bundle: Touchbase runs on SQLite and PostgreSQL`,
          );
        }
      },
  },
);
