import { Module } from '@nestjs/common';

/** HTTP side of the ops area: controllers (and, where it belongs, background loops). */
@Module({})
export class OpsHttpModule {}
