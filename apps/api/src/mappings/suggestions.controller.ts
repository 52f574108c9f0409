import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestOrigin } from '#lb/accounts';
import { AdminOnly, AnyMember } from '#lb/access';
import { DecisionResult, MappingSuggestions, SuggestionList } from '#lb/mapping';
import { actorOf, CurrentMember, MemberPrincipal as Member } from '../access/current-principal.decorator';
import { Origin } from '../auth/request-origin';
import { IntegrationPathDto } from './mappings.dto';
import { suggestionAnswer } from './suggestion-errors';
import { SuggestionPathDto, SuggestionsQueryDto } from './suggestions.dto';
import { DecisionResponse, SuggestionListResponse } from './suggestions.responses';

/**
 * Proposed lookup pairs (X3 GL accounts and tax codes ↔ Xero accounts and tax types) and field pairs,
 * scored from names, types, rates, sample values and the tenant's own earlier decisions. Viewers read; admins accept or reject.
 */
@ApiTags('mappings')
@Controller('integrations/:integrationId/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: MappingSuggestions) {}

  @Get()
  @ApiOkResponse({ type: SuggestionListResponse })
  @AnyMember()
  list(
    @CurrentMember() me: Member,
    @Param() p: IntegrationPathDto,
    @Query() q: SuggestionsQueryDto,
  ): Promise<SuggestionList> {
    return suggestionAnswer(
      this.suggestions.list(me.tenantId, p.integrationId, {
        kind: q.kind,
        direction: q.direction ?? 'x3-to-xero',
        chart: q.chart,
        entity: q.entity,
      }),
    );
  }

  /** Writes the pair into the mapping's lookup table as a new mapping version. */
  @Post(':suggestionId/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: DecisionResponse })
  @ApiNotFoundResponse({ description: 'No such suggestion on this integration' })
  @ApiConflictResponse({ description: 'The mapping it goes into does not exist yet, or changed meanwhile' })
  @AdminOnly()
  accept(
    @CurrentMember() me: Member,
    @Param() p: SuggestionPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<DecisionResult> {
    return suggestionAnswer(
      this.suggestions.accept(me.tenantId, p.integrationId, p.suggestionId, { actor: actorOf(me), origin }),
    );
  }

  /** Records the rejection: the pair is not proposed for this integration again. */
  @Post(':suggestionId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: DecisionResponse })
  @ApiNotFoundResponse({ description: 'No such suggestion on this integration' })
  @AdminOnly()
  reject(
    @CurrentMember() me: Member,
    @Param() p: SuggestionPathDto,
    @Origin() origin: RequestOrigin,
  ): Promise<DecisionResult> {
    return suggestionAnswer(
      this.suggestions.reject(me.tenantId, p.integrationId, p.suggestionId, { actor: actorOf(me), origin }),
    );
  }
}
