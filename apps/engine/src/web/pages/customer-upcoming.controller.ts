import { Controller, Get, Param, ParseIntPipe, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CustomerService } from '@touchbase/ingest';
import { Principal } from '@touchbase/staff';
import { AnyUser } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { CustomerProfileQuery, UPCOMING_DAYS } from '../queries/customer-profile.query';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };

/**
 * The customer page's planned touches, loaded after the page (the preview plans every rule for
 * every customer, so it is kept off the page's own request), each in the customer's local time.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('customers')
export class CustomerUpcomingPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly customers: CustomerService,
    private readonly profile: CustomerProfileQuery,
  ) {}

  @Get(':id/upcoming')
  @AnyUser()
  async upcoming(@Req() req: Req_, @Param('id', ParseIntPipe) id: number): Promise<string> {
    const c = await this.customers.get(id);
    const locale = req.user.locale;
    const lines = (await this.profile.upcoming(c)).map((u) => {
      const when = new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: u.zone,
      }).format(u.at);
      const what =
        u.channel === 'task'
          ? translate(locale, 'cust.upcomingTask')
          : u.channel === 'sms'
            ? 'SMS'
            : translate(locale, 'contact.email');
      return {
        at: u.at,
        text: translate(locale, 'cust.upcomingLine', { rule: u.rule, what, when, zone: u.zone }),
      };
    });
    return this.renderer.render(req, 'customers/upcoming', { lines, days: UPCOMING_DAYS });
  }
}
