import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';

/** Migrations also run on every start; this applies them without starting anything else. */
@Command({ name: 'migrate', description: 'bring the database schema up to date' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly ds: DataSource) {
    super();
  }

  async run(): Promise<void> {
    const ran = await this.ds.runMigrations({ transaction: 'each' });
    console.log(
      ran.length
        ? `Applied ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`
        : 'Schema is up to date.',
    );
  }
}
