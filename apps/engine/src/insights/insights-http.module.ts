import { Module } from '@nestjs/common';

/** HTTP side of the insights area: controllers (and, where it belongs, background loops). */
@Module({})
export class InsightsHttpModule {}
