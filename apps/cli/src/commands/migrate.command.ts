import { Module } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { CommandFrom } from '../kit/from-syntax';
import { MIGRATE } from '../syntax/ingest';
import { DataSource } from 'typeorm';

/** Migrations also run on every start; this applies them without starting anything else. */
@CommandFrom(MIGRATE)
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

/** The CLI command of its own area: `touchbase migrate`. */
@Module({ providers: [MigrateCommand] })
export class MigrateCommandsModule {}
