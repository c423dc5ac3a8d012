import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  SurveyAlreadyAnswered,
  surveyAnsweredPage,
  surveyFormPage,
  surveyInvalidPage,
  SurveyLinkInvalid,
  SurveyResponseService,
  surveyThanksPage,
} from '@touchbase/insights';
import { Public } from '../auth/access.decorators';
import { SurveyAnswerDto } from './survey-answer.dto';

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

/**
 * The public "How did we do?" page behind a signed link. GET only shows the form (a rating in
 * the query pre-selects a star but records nothing: mail scanners follow links); POST records
 * the one answer. A bad link gets the same 404 whatever is wrong with it.
 */
@ApiTags('surveys')
@Controller('r')
export class SurveyController {
  constructor(private readonly surveys: SurveyResponseService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'The rating form for a signed survey link (records nothing)' })
  async show(
    @Param('token') token: string,
    @Query('rating') rating: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const view = await this.surveys.open(token);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (view.state === 'invalid') res.status(404).type('html').send(surveyInvalidPage());
    else if (view.state === 'answered') res.status(200).type('html').send(surveyAnsweredPage(view.locale));
    else {
      const preselected = /^[1-5]$/.test(rating ?? '') ? Number(rating) : undefined;
      res
        .status(200)
        .type('html')
        .send(surveyFormPage(view, `/r/${token}`, preselected));
    }
  }

  @Post(':token')
  @Public()
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'Record the answer to a survey link, once (409 when already answered)' })
  async answer(
    @Param('token') token: string,
    @Body() body: SurveyAnswerDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    try {
      const a = await this.surveys.answer(token, body.rating, body.comment ?? '');
      if (wantsJson(req)) res.status(201).json({ status: 'recorded', rating: a.rating });
      else
        res
          .status(200)
          .type('html')
          .send(surveyThanksPage(a.locale, a.followUpTaskId != null));
    } catch (e) {
      if (e instanceof SurveyLinkInvalid) {
        if (wantsJson(req)) res.status(404).json({ statusCode: 404, message: 'Not Found' });
        else res.status(404).type('html').send(surveyInvalidPage());
      } else if (e instanceof SurveyAlreadyAnswered) {
        if (wantsJson(req))
          res.status(409).json({ statusCode: 409, message: 'This survey has already been answered' });
        else res.status(409).type('html').send(surveyAnsweredPage(e.locale));
      } else throw e;
    }
  }
}
