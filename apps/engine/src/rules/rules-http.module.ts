import { Module } from '@nestjs/common';

/** HTTP side of the rules area: controllers (and, where it belongs, background loops). */
@Module({})
export class RulesHttpModule {}
