import { Module } from '@nestjs/common';

/** HTTP side of the staff area: controllers (and, where it belongs, background loops). */
@Module({})
export class StaffHttpModule {}
