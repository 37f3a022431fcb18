// The database the Next.js recipes use. In an app this is one line, for example
//   export const db = new Database('app.db');   // import Database from 'better-sqlite3'
// Here the tests hand it in, so that type-checking this folder needs no native module.
import type { SqlDatabase } from './sql-ordering';

export let db: SqlDatabase;

export function setDatabase(database: SqlDatabase) {
  db = database;
}
