import { Module } from '@nestjs/common';

/** HTTP side of the messaging area: controllers (and, where it belongs, background loops). */
@Module({})
export class MessagingHttpModule {}
