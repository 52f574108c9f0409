import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { X3ConnectionReport } from '#lb/connectors/sage-x3';
import { IntegrationView } from './integrations.service';
import { X3ConnectionView } from './x3-connections.service';
import { XeroConnectionView } from './xero-connections.service';

// Response shapes for the OpenAPI document (the SPA's types are generated from it); each
// implements the view the service returns, so the compiler notices when one drifts.

export const XERO_CONNECTION_STATUSES = ['active', 'needs_reauthorisation', 'disconnected'] as const;

export class XeroConnectionResponse implements XeroConnectionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: "The organisation's name" }) name: string;
  @ApiProperty({ description: "The organisation's id at Xero" }) xeroTenantId: string;
  @ApiProperty({ enum: XERO_CONNECTION_STATUSES, enumName: 'XeroConnectionStatus' })
  status: (typeof XERO_CONNECTION_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) statusChangedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who gave consent at Xero' }) authorisedBy: string | null;
  @ApiProperty({ format: 'date-time' }) connectedAt: string;
}

export const X3_CONNECTION_STATUSES = ['untested', 'ok', 'failing'] as const;

export class X3ConnectionResponse implements X3ConnectionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() baseUrl: string;
  @ApiProperty({ description: 'The X3 endpoint (folder)' }) folder: string;
  @ApiProperty({ type: [String] }) companies: string[];
  @ApiProperty({ enum: ['jwt', 'basic'], enumName: 'X3AuthMode' }) authMode: 'jwt' | 'basic';
  @ApiProperty({ type: String, nullable: true }) clientId: string | null;
  @ApiProperty() user: string;
  @ApiProperty({ enum: X3_CONNECTION_STATUSES, enumName: 'X3ConnectionStatus' })
  status: (typeof X3_CONNECTION_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastTestedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ description: 'A try-mode sandbox folder, not a real X3' }) isSandbox: boolean;
}

export class ConnectionsResponse {
  @ApiProperty({ type: () => [XeroConnectionResponse] }) xero: XeroConnectionResponse[];
  @ApiProperty({ type: () => [X3ConnectionResponse] }) x3: X3ConnectionResponse[];
}

export class X3Company {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'ISO 4217 code' }) currency: string;
}

export class X3ReportError {
  @ApiProperty({ description: 'The error class, for support' }) class: string;
  @ApiProperty({ description: 'auth, transient, configuration, ...' }) kind: string;
  @ApiProperty() message: string;
}

/** What a folder exposes (when `ok`), or why it could not be read (`error`). */
export class X3ConnectionReportResponse implements X3ConnectionReport {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'The GraphQL endpoint called' }) endpoint: string;
  @ApiPropertyOptional({ type: [String], description: 'Root groups the folder exposes (x3Sales...)' })
  groups?: string[];
  @ApiPropertyOptional({ type: [String], description: 'GraphQL types the connector needs and the folder lacks' })
  missingTypes?: string[];
  @ApiPropertyOptional({ type: [String] }) types?: string[];
  @ApiPropertyOptional({ type: () => [X3Company] }) companies?: X3Company[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Records per entity (customer, product, ...)',
  })
  counts?: Record<string, number>;
  @ApiPropertyOptional({ type: () => X3ReportError }) error?: X3ReportError;
}

export class IntegrationResponse implements IntegrationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) xeroConnectionId: string;
  @ApiProperty() xeroName: string;
  @ApiProperty() xeroStatus: string;
  @ApiProperty({ format: 'uuid' }) x3ConnectionId: string;
  @ApiProperty() x3Name: string;
  @ApiProperty() x3Company: string;
  @ApiProperty() status: string;
  @ApiProperty({
    type: [String],
    description: "Why sync is paused ('user', 'reauthorisation', 'billing', 'fair_use'); empty while it runs",
  })
  pauseReasons: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
}
