import { Injectable } from '@nestjs/common';
import { X3ConnectionSettings, resolveSettings } from './x3-connection-settings';
import { X3Transport } from './x3-transport';
import { GraphqlTransport } from './graphql/graphql-transport';
import { X3ConfigurationError } from './errors/x3-errors';

/** Builds the transport a connection's settings ask for; callers only see X3Transport. */
export function createX3Transport(
  settings: X3ConnectionSettings,
  options: { linePageSize?: number } = {},
): X3Transport {
  const resolved = resolveSettings(settings);
  switch (resolved.transport) {
    case 'graphql':
      return new GraphqlTransport(resolved, options);
    default:
      throw new X3ConfigurationError(
        `The ${resolved.transport} transport is not available yet; use graphql (Sage X3 2023 R2 or later)`,
      );
  }
}

@Injectable()
export class X3TransportFactory {
  create(settings: X3ConnectionSettings): X3Transport {
    return createX3Transport(settings);
  }
}
