import { Injectable } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { CommandNode } from './exit-codes';

/** The root `touchbase` command, as nest-commander built it (every command hangs below it). */
@Injectable()
export class CommandTree {
  constructor(@InjectCommander() readonly root: CommandNode) {}
}
