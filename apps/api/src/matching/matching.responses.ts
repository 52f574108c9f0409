import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MATCH_ENTITIES, MatchEntity, MatchRule } from '#lb/sync';

const RULES = [
  'contact-number',
  'name',
  'tax-number',
  'email',
  'code',
  'reference',
  'number-and-contact',
] as const satisfies readonly MatchRule[];
const REASONS = ['several-candidates', 'contested', 'contact-differs'] as const;

export class MatchProposalResponse {
  @ApiProperty({ enum: MATCH_ENTITIES, enumName: 'MatchEntity' }) entity: MatchEntity;
  @ApiProperty() x3Key: string;
  @ApiProperty() xeroId: string;
  @ApiProperty({ type: String, nullable: true }) xeroNaturalKey: string | null;
  @ApiProperty({ enum: RULES, enumName: 'MatchRule' }) rule: MatchRule;
  @ApiProperty({ description: '0–100' }) confidence: number;
  @ApiProperty() x3Label: string;
  @ApiProperty() xeroLabel: string;
  @ApiPropertyOptional({
    description: 'Invoices and bills: the X3 customer or supplier whose contact the match rests on',
  })
  partyKey?: string;
}

export class MatchCandidateResponse {
  @ApiProperty() xeroId: string;
  @ApiProperty() label: string;
}

export class AmbiguousMatchResponse {
  @ApiProperty({ enum: MATCH_ENTITIES, enumName: 'MatchEntity' }) entity: MatchEntity;
  @ApiProperty() x3Key: string;
  @ApiProperty() x3Label: string;
  @ApiProperty({ enum: RULES, enumName: 'MatchRule' }) rule: MatchRule;
  @ApiProperty({ enum: REASONS, enumName: 'AmbiguityReason' }) reason: (typeof REASONS)[number];
  @ApiProperty({ type: [MatchCandidateResponse] }) candidates: MatchCandidateResponse[];
}

export class NameHolderResponse {
  @ApiPropertyOptional() xeroId?: string;
  @ApiPropertyOptional({ enum: ['customer', 'supplier'] }) x3Entity?: 'customer' | 'supplier';
  @ApiPropertyOptional() x3Key?: string;
}

export class NameClashResponse {
  @ApiProperty({ enum: ['customer', 'supplier'] }) entity: 'customer' | 'supplier';
  @ApiProperty() x3Key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: NameHolderResponse }) heldBy: NameHolderResponse;
  @ApiProperty() proposedName: string;
}

export class SharedContactResponse {
  @ApiProperty() customerKey: string;
  @ApiProperty() supplierKey: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() xeroId?: string;
}

export class ContactRenameResponse {
  @ApiProperty({ enum: ['customer', 'supplier'] }) entity: 'customer' | 'supplier';
  @ApiProperty() x3Key: string;
  @ApiProperty() name: string;
}

export class EntityCountsResponse {
  @ApiProperty() x3: number;
  @ApiProperty() xero: number;
  @ApiProperty() matched: number;
  @ApiProperty() ambiguous: number;
  @ApiProperty() unmatched: number;
  @ApiProperty() linked: number;
}

export class MatchCountsResponse {
  @ApiPropertyOptional({ type: EntityCountsResponse }) customer?: EntityCountsResponse;
  @ApiPropertyOptional({ type: EntityCountsResponse }) supplier?: EntityCountsResponse;
  @ApiPropertyOptional({ type: EntityCountsResponse }) product?: EntityCountsResponse;
  @ApiPropertyOptional({ type: EntityCountsResponse }) account?: EntityCountsResponse;
  @ApiPropertyOptional({ type: EntityCountsResponse }) invoice?: EntityCountsResponse;
  @ApiPropertyOptional({ type: EntityCountsResponse }) bill?: EntityCountsResponse;
}

export class MatchingResponse {
  @ApiProperty() integrationId: string;
  @ApiProperty({ type: String, nullable: true }) runId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) computedAt: Date | null;
  @ApiProperty({ description: 'False until confirmed: nothing is written to the organisation before' })
  confirmed: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt: Date | null;
  @ApiProperty({ type: MatchCountsResponse, description: 'Per entity (empty before the first run)' })
  counts: MatchCountsResponse;
  @ApiProperty({ type: [MatchProposalResponse] }) proposals: MatchProposalResponse[];
  @ApiProperty({ type: [AmbiguousMatchResponse] }) ambiguous: AmbiguousMatchResponse[];
  @ApiProperty({ type: [NameClashResponse] }) clashes: NameClashResponse[];
  @ApiProperty({ type: [SharedContactResponse] }) shared: SharedContactResponse[];
  @ApiProperty({ type: [ContactRenameResponse] }) renames: ContactRenameResponse[];
}
