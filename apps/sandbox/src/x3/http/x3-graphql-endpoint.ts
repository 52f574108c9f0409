import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { Plugin, createYoga, YogaServerInstance } from 'graphql-yoga';
import { SandboxDatabase } from '../../db/sandbox-database';
import { buildX3Schema } from '../graphql/build-schema';
import { X3Context } from '../graphql/context';
import { RefLoader } from '../graphql/ref-loader';
import { toXtremError } from '../graphql/x3-errors';
import { X3Domain } from '../domain/x3-domain';
import { X3AuthError, X3Authenticator } from '../auth/x3-authenticator';
import { FaultService } from '../faults/fault-service';
import { FolderService } from '../folders/folder-service';

export const X3_GRAPHQL_PATH = '/xtrem/api';

type ServerContext = { req: Request & { x3?: { folder: string; user: string } }; res: Response };

/** Every refusal leaves in X3's error shape, whichever layer raised it (scalars, filters, domain). */
const xtremErrorShape: Plugin = {
  onResultProcess: (payload) => {
    const { result } = payload;
    if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
    payload.setResult({ ...result, errors: result.errors.map(toXtremError) });
  },
};

/** POST /xtrem/api: endpoint header → folder, faults, connected-app JWT or Basic, then GraphQL. */
@Injectable()
export class X3GraphqlEndpoint {
  private readonly logger = new Logger('X3GraphQL');
  private readonly yoga: YogaServerInstance<ServerContext, X3Context>;
  private readonly domain: X3Domain;

  constructor(
    private readonly db: SandboxDatabase,
    private readonly folders: FolderService,
    private readonly auth: X3Authenticator,
    private readonly faults: FaultService,
  ) {
    this.domain = new X3Domain(db);
    this.yoga = createYoga<ServerContext, X3Context>({
      schema: buildX3Schema(),
      graphqlEndpoint: X3_GRAPHQL_PATH,
      graphiql: false,
      landingPage: false,
      logging: false,
      plugins: [xtremErrorShape],
      maskedErrors: {
        // Business and filter errors are X3's own messages; anything else is an unexpected fault.
        maskError: (error, message) => {
          const original = (error as { originalError?: unknown }).originalError;
          if (!original || original instanceof GraphQLError) return error as Error;
          this.logger.error(original);
          return new GraphQLError(message);
        },
      },
      context: ({ req }) => {
        const { folder, user } = req.x3!;
        return { db: this.db, folder, user, loader: new RefLoader(this.db, folder), mutations: this.domain };
      },
    });
  }

  readonly handle = async (req: ServerContext['req'], res: Response, next: NextFunction): Promise<void> => {
    try {
      const endpoint = req.header('x-xtrem-endpoint');
      if (!endpoint) {
        res.status(400).json({ errors: [{ message: 'Missing x-xtrem-endpoint header' }] });
        return;
      }
      if (!(await this.folders.exists(endpoint))) {
        res.status(404).json({ errors: [{ message: `Endpoint ${endpoint} not found` }] });
        return;
      }
      const fault = await this.faults.take(endpoint);
      if (fault && (await this.faults.apply(fault, res))) return;
      let user: string;
      try {
        user = await this.auth.authenticate(endpoint, req.header('authorization'));
      } catch (error) {
        if (error instanceof X3AuthError) {
          res
            .status(401)
            .json({ $diagnoses: [{ $severity: 'error', $message: error.message }], message: error.message });
          return;
        }
        throw error;
      }
      req.x3 = { folder: endpoint, user };
      await (this.yoga as unknown as (req: Request, res: Response) => Promise<void>)(req, res);
    } catch (error) {
      next(error);
    }
  };
}
