// Named option sets (templates): a job names one and may override any field.
import type { JobOptions, Profile } from '../../../src-shared/api-schemas.ts';
import { OcrDeskError } from '../../../src-shared/errors.ts';
import { type Db, nowIso } from './database.ts';

export class ProfilesRepo {
  constructor(private readonly db: Db) {}

  list(): Profile[] {
    const rows = this.db
      .prepare('SELECT name, description, options FROM profiles ORDER BY name')
      .all() as Array<{
      name: string;
      description: string;
      options: string;
    }>;
    return rows.map((r) => ({
      name: r.name,
      description: r.description,
      options: JSON.parse(r.options) as JobOptions,
    }));
  }

  get(name: string): Profile {
    const r = this.db.prepare('SELECT name, description, options FROM profiles WHERE name = ?').get(name) as
      { name: string; description: string; options: string } | undefined;
    if (!r) throw new OcrDeskError('NOT_FOUND', `no profile '${name}'`, { profile: name });
    return { name: r.name, description: r.description, options: JSON.parse(r.options) as JobOptions };
  }

  /** Creates or replaces; returns whether it was new. */
  put(p: Profile): boolean {
    const now = nowIso();
    const existed = this.db.prepare('SELECT 1 FROM profiles WHERE name = ?').get(p.name) !== undefined;
    this.db
      .prepare(
        `INSERT INTO profiles (name, description, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET description = excluded.description, options = excluded.options,
           updated_at = excluded.updated_at`,
      )
      .run(p.name, p.description, JSON.stringify(p.options), now, now);
    return !existed;
  }

  delete(name: string): void {
    const r = this.db.prepare('DELETE FROM profiles WHERE name = ?').run(name);
    if (r.changes === 0) throw new OcrDeskError('NOT_FOUND', `no profile '${name}'`, { profile: name });
  }
}
