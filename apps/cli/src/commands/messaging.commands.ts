import { Module } from '@nestjs/common';

/** The CLI commands of the messaging area (nest-commander @Command classes), with what they need. */
@Module({ imports: [], providers: [] })
export class MessagingCommandsModule {}
