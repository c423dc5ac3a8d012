import { Module } from '@nestjs/common';
import { IngestModule } from '@touchbase/ingest';
import { ImportCommand } from './ingest/import.command';
import { DemoCommand } from './ingest/demo.command';
import { InboundEmailCommand } from './ingest/inbound-email.command';
import { CustomerCommand, CustomerEraseCommand, CustomerExportCommand } from './ingest/customer.command';
import { TiersCommand, TiersListCommand, TiersRecomputeCommand } from './ingest/tiers.command';

/** The CLI commands of the ingest area: import, demo, customer export / erase, tiers list / recompute, inbound-email. */
@Module({
  imports: [IngestModule],
  providers: [
    ImportCommand,
    DemoCommand,
    CustomerCommand,
    CustomerExportCommand,
    CustomerEraseCommand,
    TiersCommand,
    TiersListCommand,
    TiersRecomputeCommand,
    InboundEmailCommand,
  ],
})
export class IngestCommandsModule {}
