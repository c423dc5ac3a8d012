import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CardPrintService, Principal } from '@touchbase/staff';
import { AnyUser } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { CardPrintQuery, CardsPrintedDto } from './dto/tasks.dto';

/** Printing card tasks (docs/staff.md#cards-and-labels); the web print view is /print/cards. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@AnyUser()
@Controller('api/cards')
export class CardPrintController {
  constructor(private readonly print: CardPrintService) {}

  @Get('print')
  @ApiOperation({
    summary:
      "What the print view shows for card tasks: one card text per customer in the customer's language (task template card_text), and their address labels (lines in the destination country's order) placed on A4 label sheets (positions in mm). Staff: own tasks only.",
  })
  sheet(@CurrentUser() me: Principal, @Query() q: CardPrintQuery) {
    return this.print.sheet(me, q.ids, q.layout, q.start);
  }

  @Post('printed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark card tasks as printed now (printing again moves the date)' })
  async printed(@CurrentUser() me: Principal, @Body() body: CardsPrintedDto) {
    return { printed: await this.print.markPrinted(me, body.ids) };
  }
}
