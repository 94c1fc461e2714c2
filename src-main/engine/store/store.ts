// The data directory's SQLite store, with one repository per table group.
import type { Db } from './database.ts';
import { openDatabase } from './database.ts';
import { EventsRepo } from './events-repo.ts';
import { HotFoldersRepo } from './hot-folders-repo.ts';
import { JobsRepo } from './jobs-repo.ts';
import { ProfilesRepo } from './profiles-repo.ts';
import { WebhooksRepo } from './webhooks-repo.ts';

export class Store {
  readonly jobs: JobsRepo;
  readonly profiles: ProfilesRepo;
  readonly hotFolders: HotFoldersRepo;
  readonly webhooks: WebhooksRepo;
  readonly events: EventsRepo;

  private constructor(readonly db: Db) {
    this.jobs = new JobsRepo(db);
    this.profiles = new ProfilesRepo(db);
    this.hotFolders = new HotFoldersRepo(db);
    this.webhooks = new WebhooksRepo(db);
    this.events = new EventsRepo(db);
  }

  static open(file: string): Store {
    return new Store(openDatabase(file));
  }

  close(): void {
    this.db.close();
  }
}
