import { Module } from '@nestjs/common';

/** The CLI commands of the ingest area (nest-commander @Command classes), with what they need. */
@Module({ imports: [], providers: [] })
export class IngestCommandsModule {}
