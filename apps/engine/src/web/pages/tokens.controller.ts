import { Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccountsService, Principal, tokenView } from '@touchbase/staff';
import { AnyUser } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };

/**
 * API tokens: an owner sees and revokes every user's, staff see and revoke only their own.
 * Names, dates and last use only; a token itself is shown once, when it is made.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@AnyUser()
@Controller('tokens')
export class TokensPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  async list(@Req() req: Req_, @Query('revoked') revoked?: string): Promise<string> {
    const isOwner = req.user.role === 'owner';
    const tokens = isOwner
      ? await this.accounts.listAllTokens()
      : (await this.accounts.listTokens(req.user.id)).map((t) => ({
          ...tokenView(t),
          userName: req.user.name,
          userEmail: req.user.email,
        }));
    return this.renderer.render(req, 'tokens/list', {
      title: translate(req.user.locale, 'tokens.title'),
      tokens,
      showUser: isOwner,
      notice: revoked === '1' ? translate(req.user.locale, 'tokens.revoked') : null,
    });
  }

  /** Owners revoke any token; staff only their own (someone else's answers 404, like a missing one). */
  @Post(':id/revoke')
  async revoke(@Req() req: Req_, @Res() res: Response, @Param('id', ParseIntPipe) id: number): Promise<void> {
    const owner = req.user.role === 'owner' ? await this.accounts.tokenOwner(id) : req.user.id;
    await this.accounts.revokeToken(owner ?? req.user.id, id);
    res.redirect(303, '/tokens?revoked=1');
  }
}
