import { Module } from '@nestjs/common';
import { IngestModule } from '@touchbase/ingest';
import { ImportCommand } from './ingest/import.command';
import { DemoCommand } from './ingest/demo.command';
import { CustomerCommand, CustomerEraseCommand, CustomerExportCommand } from './ingest/customer.command';

/** The CLI commands of the ingest area: import, demo, customer export / erase. */
@Module({
  imports: [IngestModule],
  providers: [ImportCommand, DemoCommand, CustomerCommand, CustomerExportCommand, CustomerEraseCommand],
})
export class IngestCommandsModule {}
