import { Module } from '@nestjs/common';

/** HTTP side of the web area: controllers (and, where it belongs, background loops). */
@Module({})
export class WebHttpModule {}
