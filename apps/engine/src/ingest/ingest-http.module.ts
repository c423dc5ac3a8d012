import { Module } from '@nestjs/common';

/** HTTP side of the ingest area: controllers (and, where it belongs, background loops). */
@Module({})
export class IngestHttpModule {}
